using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Reading;

/// <summary>
/// One scaling per band for the whole scene. Byte bands map x/255. Other types get a 2nd–98th
/// percentile stretch (nodata excluded; see <see cref="Percentiles"/>), computed once: a per-tile
/// min–max would give neighbouring tiles different colours and the model visible seams.
/// </summary>
public static class SceneStretch
{
    public const double LowPercentile = 0.02;
    public const double HighPercentile = 0.98;

    /// <summary>Histogram resolution: fine enough that a bucket is well under one 8-bit step.</summary>
    public const int Buckets = 4096;

    public static BandScaling[] Compute(RasterDataset dataset, BandSelection bands) =>
        bands.ChannelBands.Select(b => ForBand(dataset, b)).ToArray();

    public static BandScaling ForBand(RasterDataset dataset, int band)
    {
        if (dataset.Bands[band - 1].DataType == GdalDataType.Byte)
        {
            return BandScaling.Byte;
        }

        var (low, high) = Percentiles(dataset, band);
        return BandScaling.FromRange(low, high);
    }

    /// <summary>Scenes up to this many pixels get GDAL's exact histogram (one full read of the band).</summary>
    public const long ExactLimit = 16L * 1024 * 1024;

    /// <summary>Larger scenes are sampled on a <see cref="SampleGrid"/>² grid of windows of at most <see cref="SampleWindow"/> px.</summary>
    public const int SampleGrid = 12;

    public const int SampleWindow = 256;

    /// <summary>
    /// The 2nd and 98th percentiles of a band, nodata excluded. Small scenes: GDAL's exact min/max
    /// and histogram. Large scenes: a regular grid of windows spread over the whole scene. GDAL's
    /// "approximate" histogram is not used: it samples every n-th block in row-major order, i.e.
    /// whole columns of blocks, which misses whole parts of a smooth scene.
    /// </summary>
    public static (double Low, double High) Percentiles(RasterDataset dataset, int band)
    {
        if ((long)dataset.Width * dataset.Height > ExactLimit)
        {
            return SampledPercentiles(dataset, band);
        }

        var (min, max) = dataset.ComputeMinMax(band, approximate: false);
        if (!(max > min))
        {
            return (min, max);
        }

        // GDAL's buckets are [min + k·w, min + (k+1)·w); extend max a hair so max itself is counted.
        double width = (max - min) / Buckets;
        var counts = dataset.ComputeHistogram(band, min, max + (width * 1e-3), Buckets, approximate: false);
        return (Quantile(counts, min, width, LowPercentile), Quantile(counts, min, width, HighPercentile));
    }

    /// <summary>Exact percentiles of the valid pixels in a grid of windows (≤ 9.4 Mpx read in all).</summary>
    internal static (double Low, double High) SampledPercentiles(RasterDataset dataset, int band)
    {
        // Windows never overlap, so no pixel counts twice and the scene's edges weigh like its middle.
        int sw = Math.Max(1, Math.Min(SampleWindow, dataset.Width / SampleGrid));
        int sh = Math.Max(1, Math.Min(SampleWindow, dataset.Height / SampleGrid));
        var info = dataset.Bands[band - 1];
        float? noData = info.NoDataValue is double nd ? (float)nd : null;
        bool readMask = info.HasMask && noData is null;
        var window = new float[sw * sh];
        var mask = readMask ? new byte[sw * sh] : [];
        var values = new List<float>(SampleGrid * SampleGrid * sw * sh);
        for (int gy = 0; gy < SampleGrid; gy++)
        {
            int row = (int)((long)gy * (dataset.Height - sh) / (SampleGrid - 1));
            for (int gx = 0; gx < SampleGrid; gx++)
            {
                int col = (int)((long)gx * (dataset.Width - sw) / (SampleGrid - 1));
                var w = new Geo.PixelWindow(col, row, sw, sh);
                dataset.ReadFloat32(w, [band], window, sw, sw * sh);
                if (readMask)
                {
                    dataset.ReadMask(band, w, mask, sw);
                }

                for (int i = 0; i < window.Length; i++)
                {
                    float v = window[i];
                    if (!float.IsNaN(v) && v != noData && (!readMask || mask[i] != 0))
                    {
                        values.Add(v);
                    }
                }
            }
        }

        if (values.Count == 0)
        {
            return (0, 0);
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return (sorted[(int)(LowPercentile * (sorted.Length - 1))], sorted[(int)(HighPercentile * (sorted.Length - 1))]);
    }

    /// <summary>The value below which a fraction q of the counted pixels lie, interpolated in its bucket.</summary>
    internal static double Quantile(ulong[] counts, double min, double width, double q)
    {
        ulong total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return min;
        }

        double target = q * total, seen = 0;
        for (int k = 0; k < counts.Length; k++)
        {
            if (seen + counts[k] >= target && counts[k] > 0)
            {
                return min + ((k + ((target - seen) / counts[k])) * width);
            }

            seen += counts[k];
        }

        return min + (counts.Length * width);
    }
}
