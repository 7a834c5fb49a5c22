using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Tiling.Reading;

/// <summary>
/// Finds windows that are nodata in every selected band, from GDAL's mask bands (nodata value,
/// alpha or mask file alike) read as Byte — a quarter of a float read of one band. Bands sharing a
/// per-dataset mask are read once. Not thread-safe (it reads through the dataset).
/// A few single-pixel probes come first (each decodes one block, not the window's): one valid
/// pixel proves a window not empty, so only windows whose probes are all nodata are read whole.
/// The answer is exactly that of the whole read.
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

        if (AnyProbeValid(window))
        {
            return false;
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

    /// <summary>
    /// Whether a probe pixel (centre, then the centres of the four quarters) is valid in some mask
    /// band. A valid pixel anywhere makes the window non-empty; no valid probe decides nothing.
    /// </summary>
    private bool AnyProbeValid(PixelWindow window)
    {
        Span<byte> pixel = stackalloc byte[1];
        int x0 = window.Col, y0 = window.Row, w = window.Width, h = window.Height;
        ReadOnlySpan<(int Col, int Row)> probes =
        [
            (x0 + (w / 2), y0 + (h / 2)),
            (x0 + (w / 4), y0 + (h / 4)),
            (x0 + (3 * w / 4), y0 + (h / 4)),
            (x0 + (w / 4), y0 + (3 * h / 4)),
            (x0 + (3 * w / 4), y0 + (3 * h / 4)),
        ];
        foreach (var (col, row) in probes)
        {
            foreach (var band in maskBands)
            {
                dataset.ReadMask(band, new PixelWindow(col, row, 1, 1), pixel, 1);
                if (pixel[0] != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
