using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Tests.Support;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Tiling.Tests.Reading;

public sealed class NoDataTests(SceneFixture scenes)
{
    [Fact]
    public void Tiles_entirely_in_a_nodata_block_are_empty_and_partial_ones_are_not()
    {
        using var ds = RasterDataset.Open(scenes.NoDataBlock);
        var plan = TilePlanner.Plan(ds, BandSelection.Resolve(ds, null), TileOptions.Default);

        // Columns [0, 1100) are nodata: column 0 (window 0..1008) is all nodata, column 1 (880..1888) is partly.
        foreach (var t in plan.Tiles)
        {
            Assert.Equal(t.Window.Right <= SceneFixture.NoDataRight, t.IsEmpty);
        }

        Assert.Equal(2, plan.EmptyCount);
        Assert.Equal(plan.Tiles.Count - 2, plan.NonEmpty.Count());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Planning_on_several_threads_finds_the_same_empty_tiles(int threads)
    {
        foreach (var path in new[] { scenes.NoDataBlock, scenes.Alpha })
        {
            using var ds = RasterDataset.Open(path);
            var bands = BandSelection.Resolve(ds, null);
            var options = new TileOptions(256, 32);
            var opened = 0;
            var one = TilePlanner.Plan(ds, bands, options);
            var several = TilePlanner.Plan(ds, bands, options, () => { Interlocked.Increment(ref opened); return RasterDataset.Open(path); }, threads);

            Assert.True(one.EmptyCount > 0, path);
            Assert.Equal(one.Tiles, several.Tiles);
            Assert.InRange(opened, 1, one.Rows);
        }
    }

    [Fact]
    public void A_planning_thread_that_fails_fails_the_plan_with_its_own_error()
    {
        using var ds = RasterDataset.Open(scenes.NoDataBlock);
        var bands = BandSelection.Resolve(ds, null);
        int opened = 0;
        RasterDataset OpenAnother() => Interlocked.Increment(ref opened) == 2
            ? throw new IOException("the second handle cannot be opened")
            : RasterDataset.Open(scenes.NoDataBlock);

        var error = Assert.Throws<IOException>(() => TilePlanner.Plan(ds, bands, new TileOptions(256, 32), OpenAnother, 2));
        Assert.Equal("the second handle cannot be opened", error.Message);
    }

    [Fact]
    public void A_window_with_valid_pixels_only_away_from_the_probe_points_is_not_empty()
    {
        // All nodata except one valid pixel (in band 3 only) at the corner of the first tile, and a
        // thin valid line between the probes of the second column: probes find nothing there, the
        // whole read must.
        string path = TestScenes.Create(Path.Combine(scenes.TempPath, "sparse.tif"), new SceneSpec(1888, 1008, 3, GdalDataType.UInt16,
            (b, c, r) => (b == 3 && c == 1 && r == 1006) || (c == 1500 && r == 700) ? 7 : 0) { NoData = 0 });
        using var ds = RasterDataset.Open(path);
        var plan = TilePlanner.Plan(ds, BandSelection.Resolve(ds, null), TileOptions.Default);
        Assert.Equal(2, plan.Tiles.Count);
        Assert.All(plan.Tiles, t => Assert.False(t.IsEmpty));
    }

    [Fact]
    public void Nodata_pixels_inside_a_patch_get_the_fill_value()
    {
        using var ds = RasterDataset.Open(scenes.NoDataBlock);
        var bands = BandSelection.Resolve(ds, null);
        var plan = TilePlanner.Plan(ds.Width, ds.Height, TileOptions.Default);
        var reader = new PatchReader(ds, bands, 1008);
        var patch = new float[reader.PatchLength];
        var tile = plan.At(1, 0);
        reader.Read(tile, patch);
        int split = SceneFixture.NoDataRight - tile.Window.Col;
        for (int c = 0; c < 3; c++)
        {
            for (int r = 0; r < 1008; r += 5)
            {
                var row = patch.AsSpan((c * 1008 * 1008) + (r * 1008), 1008);
                Assert.All(row[..split].ToArray(), v => Assert.Equal(PatchValues.Fill, v));
                Assert.Contains(row[split..].ToArray(), v => v != PatchValues.Fill);
            }
        }

        // The stretch ignored the nodata pixels: the data's range (1..4000) maps onto most of [−1, 1].
        var (low, high) = SceneStretch.Percentiles(ds, 1);
        Assert.InRange(low, 1, 200);
        Assert.InRange(high, 3800, 4000);
    }

    [Fact]
    public void Alpha_band_marks_tiles_empty_and_blanks_masked_pixels()
    {
        using var ds = RasterDataset.Open(scenes.Alpha);
        Assert.True(ds.Bands[0].MaskFlags.HasFlag(Gdal.MaskFlags.Alpha));
        var bands = BandSelection.Resolve(ds, null);
        Assert.Equal([1, 2, 3], bands.Selected);
        var plan = TilePlanner.Plan(ds, bands, TileOptions.Default);

        // Rows ≥ 1000 are transparent: the bottom row of tiles (window rows 769..1777) is not entirely.
        Assert.Equal(0, plan.EmptyCount);

        var small = TilePlanner.Plan(ds, bands, new TileOptions(256, 32));
        Assert.All(small.Tiles, t => Assert.Equal(t.Window.Row >= 1000, t.IsEmpty));
        Assert.True(small.EmptyCount > 0);

        var reader = new PatchReader(ds, bands, 1008);
        var patch = new float[reader.PatchLength];
        reader.Read(plan.At(0, 0), patch);
        for (int c = 0; c < 3; c++)
        {
            var plane = patch.AsSpan(c * 1008 * 1008, 1008 * 1008);
            Assert.Equal(PatchValues.Fill, plane[(10 * 1008) + 10]);    // in the 50×50 hole
            Assert.Equal(PatchValues.Fill, plane[(1000 * 1008) + 500]); // below row 1000
            float raw = (float)TestScenes.Pattern(c + 1, 500, 500, 256);
            Assert.Equal(((raw / 255f) - 0.5f) / 0.5f, plane[(500 * 1008) + 500], 1e-6f);
        }
    }

    [Fact]
    public void A_scene_without_masks_has_no_empty_tiles_and_reads_no_mask()
    {
        using var ds = RasterDataset.Open(scenes.UInt16);
        var detector = new EmptyTileDetector(ds, BandSelection.Resolve(ds, null));
        Assert.False(detector.CanBeEmpty);
        Assert.Equal(0, TilePlanner.Plan(ds, BandSelection.Resolve(ds, null), TileOptions.Default).EmptyCount);
    }
}
