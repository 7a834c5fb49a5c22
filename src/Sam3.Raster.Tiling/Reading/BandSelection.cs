using System.Globalization;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Reading;

/// <summary>
/// The three bands (1-based, in R, G, B order) shown to the model. The model takes exactly three
/// channels, so one band is repeated and two bands repeat the last one.
/// </summary>
public sealed class BandSelection
{
    public const int Channels = 3;

    private readonly int[] bands;

    private BandSelection(int[] bands) => this.bands = bands;

    /// <summary>The selected bands as given or defaulted (1..3 of them), 1-based.</summary>
    public IReadOnlyList<int> Selected => bands;

    /// <summary>The bands feeding channels R, G, B: always three entries (repeats allowed).</summary>
    public int[] ChannelBands => bands.Length switch
    {
        1 => [bands[0], bands[0], bands[0]],
        2 => [bands[0], bands[1], bands[1]],
        _ => [bands[0], bands[1], bands[2]],
    };

    /// <summary>
    /// Parses <c>--bands</c> ("3,2,1") against a dataset, or picks the default when
    /// <paramref name="spec"/> is null: the bands GDAL labels Red, Green, Blue if all three exist,
    /// else the first three (a 1-band raster repeats band 1).
    /// </summary>
    public static BandSelection Resolve(RasterDataset dataset, string? spec)
    {
        if (spec is null)
        {
            return Default(dataset);
        }

        var parts = spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new RasterException($"{dataset.Path}: --bands '{spec}' selects no band; give 1 to 3 band numbers, e.g. 3,2,1");
        }

        if (parts.Length > Channels)
        {
            throw new RasterException($"{dataset.Path}: --bands '{spec}' selects {parts.Length} bands; the model takes at most 3 (R,G,B)");
        }

        var list = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var b))
            {
                throw new RasterException($"{dataset.Path}: --bands '{spec}': '{parts[i]}' is not a band number");
            }

            if (b < 1 || b > dataset.BandCount)
            {
                throw new RasterException($"{dataset.Path}: --bands '{spec}': band {b} does not exist; the raster has {dataset.BandCount} band{(dataset.BandCount == 1 ? "" : "s")}, numbered from 1");
            }

            list[i] = b;
        }

        return new BandSelection(list);
    }

    public static BandSelection FromBands(RasterDataset dataset, params int[] bands) =>
        Resolve(dataset, string.Join(',', bands));

    private static BandSelection Default(RasterDataset dataset)
    {
        int Find(ColorInterpretation ci) => dataset.Bands.FirstOrDefault(b => b.ColorInterpretation == ci)?.Index ?? 0;
        int r = Find(ColorInterpretation.Red), g = Find(ColorInterpretation.Green), b = Find(ColorInterpretation.Blue);
        if (r > 0 && g > 0 && b > 0)
        {
            return new BandSelection([r, g, b]);
        }

        return new BandSelection(Enumerable.Range(1, Math.Min(Channels, dataset.BandCount)).ToArray());
    }

    public override string ToString() => string.Join(',', bands);
}
