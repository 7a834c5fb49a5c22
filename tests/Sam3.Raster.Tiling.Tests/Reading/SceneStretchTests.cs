using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Tests.Support;

namespace Sam3.Raster.Tiling.Tests.Reading;

public sealed class SceneStretchTests(SceneFixture scenes)
{
    [Fact]
    public void UInt16_stretch_is_the_scene_wide_2nd_to_98th_percentile()
    {
        using var ds = RasterDataset.Open(scenes.UInt16);

        // Exact percentiles of band 2 from the formula that wrote it, over every pixel.
        var counts = new long[65536];
        for (int r = 0; r < SceneFixture.Height; r++)
        {
            for (int c = 0; c < SceneFixture.Width; c++)
            {
                counts[(int)(1 + TestScenes.Pattern(2, c, r, 50000))]++;
            }
        }

        long total = (long)SceneFixture.Width * SceneFixture.Height;
        double Exact(double q)
        {
            long seen = 0;
            for (int v = 0; v < counts.Length; v++)
            {
                seen += counts[v];
                if (seen >= q * total)
                {
                    return v;
                }
            }

            return counts.Length - 1;
        }

        var (low, high) = SceneStretch.Percentiles(ds, 2);

        // Small scene: GDAL's exact histogram, within a 4096th of the range.
        Assert.InRange(low, Exact(0.02) - 20, Exact(0.02) + 20);
        Assert.InRange(high, Exact(0.98) - 20, Exact(0.98) + 20);

        // The grid sample used for large scenes: within 1.5 % of the value range is plenty for a display stretch.
        var (sLow, sHigh) = SceneStretch.SampledPercentiles(ds, 2);
        Assert.InRange(sLow, Exact(0.02) - 600, Exact(0.02) + 600);
        Assert.InRange(sHigh, Exact(0.98) - 600, Exact(0.98) + 600);

        var s = SceneStretch.ForBand(ds, 2);
        Assert.Equal(-1f, s.Apply((float)low), 1e-4f);
        Assert.Equal(1f, s.Apply((float)high), 1e-4f);
        Assert.Equal(-1f, s.Apply(0));
        Assert.Equal(1f, s.Apply(65535));
    }

    [Fact]
    public void Byte_bands_map_x_over_255_without_statistics()
    {
        using var ds = RasterDataset.Open(TestPaths.Landsat);
        var s = SceneStretch.ForBand(ds, 1);
        Assert.Equal(BandScaling.Byte, s);
        Assert.Equal(-1f, s.Apply(0));
        Assert.Equal(1f, s.Apply(255));
        Assert.Equal(((100f / 255f) - 0.5f) / 0.5f, s.Apply(100), 1e-6f);
    }

    [Fact]
    public void Quantile_interpolates_inside_a_bucket()
    {
        ulong[] counts = [0, 10, 10, 0];
        Assert.Equal(1.0, SceneStretch.Quantile(counts, 0, 1, 0.0), 1e-9);
        Assert.Equal(2.0, SceneStretch.Quantile(counts, 0, 1, 0.5), 1e-9);
        Assert.Equal(2.5, SceneStretch.Quantile(counts, 0, 1, 0.75), 1e-9);
    }
}
