namespace Sam3.Inference.Decoding;

/// <summary>A box in patch pixel coordinates: (X0, Y0) top-left, (X1, Y1) bottom-right, not clamped (as SAM3).</summary>
public readonly record struct PixelBox(float X0, float Y0, float X1, float Y1)
{
    /// <summary>SAM3's (cx, cy, w, h) normalized to [0,1] of the patch → corners in pixels.</summary>
    public static PixelBox FromNormalizedCenter(float cx, float cy, float w, float h, int patchSize) =>
        new((cx - 0.5f * w) * patchSize, (cy - 0.5f * h) * patchSize, (cx + 0.5f * w) * patchSize, (cy + 0.5f * h) * patchSize);
}
