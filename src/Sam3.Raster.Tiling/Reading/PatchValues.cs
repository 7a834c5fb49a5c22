namespace Sam3.Raster.Tiling.Reading;

/// <summary>Fixed values written into model patches where the scene has no data to give.</summary>
public static class PatchValues
{
    /// <summary>
    /// Padding (where a scene smaller than a tile leaves the patch short) and nodata pixels: 0 in
    /// the model's [−1, 1] space, i.e. mid-grey — the "zero after normalization" SAM's own
    /// pre-processing pads with, so neither reads as a dark or bright object.
    /// </summary>
    public const float Fill = 0f;
}
