using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Tests.Support;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Tiling.Tests.Reading;

public sealed class PatchReaderTests(SceneFixture scenes)
{
    [Fact]
    public void Landsat_patch_is_byte_over_255_normalized_and_padded_to_the_tile_size()
    {
        using var ds = RasterDataset.Open(TestPaths.Landsat);
        var bands = BandSelection.Resolve(ds, "3,2,1");
        var plan = TilePlanner.Plan(ds, bands, TileOptions.Default);
        var tile = Assert.Single(plan.Tiles);
        var reader = new PatchReader(ds, bands, 1008);
        var patch = new float[reader.PatchLength];
        Array.Fill(patch, 42f); // stale data from a previous tile must not survive
        reader.Read(tile, patch);

        var reference = TestScenes.TranslateWindow(TestPaths.Landsat, tile.Window, [3, 2, 1], scenes.TempPath);
        int w = tile.Window.Width, h = tile.Window.Height, t = 1008;
        for (int c = 0; c < 3; c++)
        {
            for (int r = 0; r < t; r++)
            {
                for (int x = 0; x < t; x++)
                {
                    float got = patch[(c * t * t) + (r * t) + x];
                    if (r < h && x < w)
                    {
                        float expected = ((reference[(c * w * h) + (r * w) + x] / 255f) - 0.5f) / 0.5f;
                        Assert.True(Math.Abs(expected - got) < 1e-6, $"channel {c} ({x},{r}): {got} != {expected}");
                    }
                    else
                    {
                        Assert.Equal(PatchValues.Fill, got);
                    }
                }
            }
        }
    }

    public static TheoryData<string, string?> Scenes => new() { { "u16", "3,1,2" }, { "f32rot", null }, { "byte", "2,3,1" }, { "byte", "2" }, { "i16", null } };

    [Theory]
    [MemberData(nameof(Scenes))]
    public void Patches_match_gdal_translate_of_the_same_window_after_the_same_scaling(string scene, string? bandSpec)
    {
        var path = PathOf(scene);
        using var ds = RasterDataset.Open(path);
        var bands = BandSelection.Resolve(ds, bandSpec);
        var plan = TilePlanner.Plan(ds, bands, TileOptions.Default);
        var reader = new PatchReader(ds, bands, 1008);
        var patch = new float[reader.PatchLength];

        // First, a regular inner tile and the shifted bottom-right one.
        foreach (var tile in new[] { plan.Tiles[0], plan.At(1, 0), plan.Tiles[^1] })
        {
            reader.Read(tile, patch);
            var reference = TestScenes.TranslateWindow(path, tile.Window, bands.ChannelBands, scenes.TempPath);
            int n = 1008 * 1008;
            for (int c = 0; c < 3; c++)
            {
                var s = reader.Scaling[c];
                var noData = ds.Bands[bands.ChannelBands[c] - 1].NoDataValue;
                for (int i = 0; i < n; i++)
                {
                    float raw = reference[(c * n) + i];
                    float expected = float.IsNaN(raw) || raw == noData ? PatchValues.Fill : s.Apply(raw);
                    float got = patch[(c * n) + i];
                    if (Math.Abs(expected - got) > 1e-6)
                    {
                        Assert.Fail($"{scene} tile {tile.Id} channel {c} pixel {i}: {got} != {expected} (raw {raw})");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Scenes))]
    public void Pixels_round_trip_through_the_geotransform_and_its_inverse(string scene, string? bandSpec)
    {
        _ = bandSpec;
        using var ds = RasterDataset.Open(PathOf(scene));
        var inverse = ds.GeoTransform.Inverse;
        foreach (var tile in TilePlanner.Plan(ds.Width, ds.Height, TileOptions.Default).Tiles)
        {
            foreach (var (col, row) in new[] { (tile.Core.Col, tile.Core.Row), (tile.Core.Right, tile.Core.Bottom), (tile.Window.Col + 0.5, tile.Window.Row + 0.5) })
            {
                var (x, y) = ds.GeoTransform.ToWorld(col, row);
                var (c2, r2) = inverse.ToWorld(x, y);
                Assert.Equal(col, c2, 1e-6);
                Assert.Equal(row, r2, 1e-6);
            }
        }

        if (scene == "f32rot")
        {
            Assert.False(ds.GeoTransform.IsNorthUp);
            Assert.Equal(4326, ds.EpsgCode);
        }
    }

    [Fact]
    public void Overlapping_tiles_give_identical_values_in_their_overlap()
    {
        // The stretch is scene-wide: a per-tile stretch would make these differ and the model see seams.
        using var ds = RasterDataset.Open(scenes.UInt16);
        var bands = BandSelection.Resolve(ds, null);
        var plan = TilePlanner.Plan(ds.Width, ds.Height, TileOptions.Default);
        var reader = new PatchReader(ds, bands, 1008);
        var a = new float[reader.PatchLength];
        var b = new float[reader.PatchLength];
        var left = plan.At(1, 0);
        var right = plan.At(2, 0); // the shifted last column: a wide overlap
        reader.Read(left, a);
        reader.Read(right, b);
        var overlap = left.Window.Intersect(right.Window);
        Assert.False(overlap.IsEmpty);
        for (int c = 0; c < 3; c++)
        {
            for (int r = overlap.Row; r < overlap.Bottom; r += 7)
            {
                for (int x = overlap.Col; x < overlap.Right; x += 3)
                {
                    float va = a[(c * 1008 * 1008) + ((r - left.Window.Row) * 1008) + (x - left.Window.Col)];
                    float vb = b[(c * 1008 * 1008) + ((r - right.Window.Row) * 1008) + (x - right.Window.Col)];
                    Assert.Equal(va, vb);
                }
            }
        }
    }

    [Fact]
    public void A_too_small_buffer_is_refused()
    {
        using var ds = RasterDataset.Open(TestPaths.Landsat);
        var reader = new PatchReader(ds, BandSelection.Resolve(ds, null), 1008);
        Assert.Throws<ArgumentException>(() => reader.Read(new PixelWindow(0, 0, 10, 10), new float[100]));
    }

    private string PathOf(string scene) => scene switch
    {
        "u16" => scenes.UInt16,
        "f32rot" => scenes.Float32Rotated,
        "byte" => scenes.Byte,
        "i16" => scenes.Int16,
        _ => throw new ArgumentOutOfRangeException(nameof(scene)),
    };
}
