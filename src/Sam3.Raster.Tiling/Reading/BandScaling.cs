namespace Sam3.Raster.Tiling.Reading;

/// <summary>
/// The linear map from a band's raw values to the model's [−1, 1]: out = clamp(raw·Scale + Offset).
/// It folds the [0,1] scaling and SAM3's (x − 0.5)/0.5 normalization into one multiply-add.
/// </summary>
public readonly record struct BandScaling(float Scale, float Offset)
{
    /// <summary>Byte data: x/255, then normalized.</summary>
    public static BandScaling Byte { get; } = FromRange(0, 255);

    /// <summary>Maps [low, high] to [−1, 1]; a flat band (low == high) maps to 0.</summary>
    public static BandScaling FromRange(double low, double high)
    {
        if (!(high > low))
        {
            return new BandScaling(0f, 0f);
        }

        double scale = 2.0 / (high - low);
        return new BandScaling((float)scale, (float)(-1.0 - (low * scale)));
    }

    public float Apply(float raw) => Math.Clamp((raw * Scale) + Offset, -1f, 1f);
}
