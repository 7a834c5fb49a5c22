using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Reading;

/// <summary>
/// One scaling per band for the whole scene. Byte bands map x/255. Other types get a 2nd–98th
/// percentile stretch from GDAL's approximate histogram (nodata excluded), computed once: a per-tile
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

    /// <summary>The 2nd and 98th percentiles of a band, from GDAL's approximate min/max and histogram.</summary>
    public static (double Low, double High) Percentiles(RasterDataset dataset, int band)
    {
        var (min, max) = dataset.ComputeMinMax(band, approximate: true);
        if (!(max > min))
        {
            return (min, max);
        }

        // GDAL's buckets are [min + k·w, min + (k+1)·w); extend max a hair so max itself is counted.
        double width = (max - min) / Buckets;
        var counts = dataset.ComputeHistogram(band, min, max + (width * 1e-3), Buckets, approximate: true);
        return (Quantile(counts, min, width, LowPercentile), Quantile(counts, min, width, HighPercentile));
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
