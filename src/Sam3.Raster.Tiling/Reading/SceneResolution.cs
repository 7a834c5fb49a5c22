using System.Globalization;

namespace Sam3.Raster.Tiling.Reading;

/// <summary>
/// Read every scene at <see cref="UnitsPerPixel"/> (CRS units per pixel) instead of its own pixel
/// size, so the model sees objects at the scale it was trained on. <see cref="Resampling"/> is a
/// GDAL resampling method, or <see cref="Auto"/>: average when reducing (every source pixel counts,
/// no aliasing), bilinear when enlarging (no blocky edges).
/// </summary>
public sealed record SceneResolution(double UnitsPerPixel, string Resampling = SceneResolution.Auto)
{
    public const string Auto = "auto";

    /// <summary>The methods <c>--resampling</c> takes: GDAL's names, and <see cref="Auto"/>.</summary>
    public static IReadOnlyList<string> Methods { get; } = [Auto, "nearest", "bilinear", "cubic", "cubicspline", "lanczos", "average", "mode"];

    /// <summary>The GDAL method for a scene whose own pixels measure <paramref name="nativeUnitsPerPixel"/>.</summary>
    public string MethodFor(double nativeUnitsPerPixel) =>
        Resampling != Auto ? Resampling : UnitsPerPixel > nativeUnitsPerPixel ? "average" : "bilinear";

    /// <summary>Why these settings cannot be used (naming the option), or null.</summary>
    public string? Problem() =>
        !(UnitsPerPixel > 0) || double.IsInfinity(UnitsPerPixel)
            ? $"--resolution must be a positive number of CRS units per pixel, got {UnitsPerPixel.ToString(CultureInfo.InvariantCulture)}"
            : !Methods.Contains(Resampling)
                ? $"--resampling must be one of {string.Join(", ", Methods)}, got '{Resampling}'"
                : null;

    public override string ToString() => $"{UnitsPerPixel.ToString(CultureInfo.InvariantCulture)} units/px ({Resampling})";
}
