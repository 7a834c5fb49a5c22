using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Tiling.Reading;

/// <summary>
/// Finds windows that are nodata in every selected band, from GDAL's mask bands (nodata value,
/// alpha or mask file alike) read as Byte — a quarter of a float read of one band. Bands sharing a
/// per-dataset mask are read once. Not thread-safe (it reads through the dataset).
/// </summary>
public sealed class EmptyTileDetector
{
    private readonly RasterDataset dataset;
    private readonly int[] maskBands;
    private byte[] buffer = [];

    public EmptyTileDetector(RasterDataset dataset, BandSelection bands)
    {
        this.dataset = dataset;
        var infos = bands.Selected.Distinct().Select(b => dataset.Bands[b - 1]).ToArray();

        // A band without a mask makes every pixel valid somewhere, so no window can be empty.
        maskBands = infos.Any(i => !i.HasMask)
            ? []
            : infos.All(i => i.MaskFlags.HasFlag(Gdal.MaskFlags.PerDataset))
                ? [infos[0].Index]
                : infos.Select(i => i.Index).ToArray();
    }

    public bool CanBeEmpty => maskBands.Length > 0;

    public bool IsEmpty(PixelWindow window)
    {
        if (!CanBeEmpty)
        {
            return false;
        }

        int n = checked((int)window.Area);
        if (buffer.Length < n)
        {
            buffer = new byte[n];
        }

        var span = buffer.AsSpan(0, n);
        foreach (var band in maskBands)
        {
            dataset.ReadMask(band, window, span, window.Width);
            if (span.ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }

        return true;
    }
}
