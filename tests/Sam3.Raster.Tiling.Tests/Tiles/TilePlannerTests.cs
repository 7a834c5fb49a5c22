using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Tiling.Tests.Tiles;

public sealed class TilePlannerTests
{
    public static TheoryData<int, int, int, int> Layouts => new()
    {
        { 349, 352, 1008, 128 },     // Landsat: smaller than one tile
        { 2345, 1777, 1008, 128 },   // odd sizes, shifted last row and column
        { 1008, 1008, 1008, 128 },   // exactly one tile
        { 1009, 1008, 1008, 128 },   // one pixel more than a tile
        { 1888, 1889, 1008, 128 },   // exactly two regular tiles, and one more
        { 20000, 20000, 1008, 128 }, // the large benchmark scene
        { 1000, 3001, 256, 0 },      // no overlap
        { 777, 555, 100, 33 },       // odd overlap
        { 5000, 40, 512, 64 },       // a strip thinner than a tile
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Tiles_cover_every_pixel_exactly_once_in_their_cores(int width, int height, int tile, int overlap)
    {
        var plan = TilePlanner.Plan(width, height, new TileOptions(tile, overlap));

        // Axis-separable plan: checking the partition per axis and the 2-D cores' consistency
        // covers every pixel without a width × height bitmap.
        var covered = new int[(long)width * height <= 50_000_000 ? width * height : 0];
        long area = 0;
        foreach (var t in plan.Tiles)
        {
            Assert.True(t.Window.Contains(t.Core), $"tile {t.Id}: core {t.Core} outside window {t.Window}");
            Assert.False(t.Core.IsEmpty);
            area += t.Core.Area;
            if (covered.Length > 0)
            {
                for (int r = t.Core.Row; r < t.Core.Bottom; r++)
                {
                    for (int c = t.Core.Col; c < t.Core.Right; c++)
                    {
                        covered[(r * width) + c]++;
                    }
                }
            }
        }

        Assert.Equal((long)width * height, area);
        if (covered.Length > 0)
        {
            Assert.All(covered, n => Assert.Equal(1, n));
        }
        else
        {
            // Cores of a row share rows, of a column share columns, and neighbours abut.
            for (int r = 0; r < plan.Rows; r++)
            {
                for (int c = 0; c < plan.Columns; c++)
                {
                    var core = plan.At(c, r).Core;
                    Assert.Equal(c == 0 ? 0 : plan.At(c - 1, r).Core.Right, core.Col);
                    Assert.Equal(r == 0 ? 0 : plan.At(c, r - 1).Core.Bottom, core.Row);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Windows_lie_inside_the_scene_and_neighbours_overlap_by_at_least_the_overlap(int width, int height, int tile, int overlap)
    {
        var plan = TilePlanner.Plan(width, height, new TileOptions(tile, overlap));
        var scene = new PixelWindow(0, 0, width, height);
        foreach (var t in plan.Tiles)
        {
            Assert.True(scene.Contains(t.Window), $"{t.Window} outside {scene}");
            Assert.Equal(Math.Min(tile, width), t.Window.Width);
            Assert.Equal(Math.Min(tile, height), t.Window.Height);
            if (t.GridCol > 0)
            {
                Assert.True(plan.At(t.GridCol - 1, t.GridRow).Window.Right - t.Window.Col >= overlap);
            }

            if (t.GridRow > 0)
            {
                Assert.True(plan.At(t.GridCol, t.GridRow - 1).Window.Bottom - t.Window.Row >= overlap);
            }
        }

        // The last column and row end exactly at the scene edge: no padding unless the scene is small.
        Assert.Equal(width, plan.At(plan.Columns - 1, 0).Window.Right);
        Assert.Equal(height, plan.At(0, plan.Rows - 1).Window.Bottom);
    }

    [Fact]
    public void Ids_are_row_major_and_the_grid_has_the_expected_size()
    {
        var plan = TilePlanner.Plan(2345, 1777, TileOptions.Default);
        Assert.Equal(3, plan.Columns); // 0, 880, 1337
        Assert.Equal(2, plan.Rows);    // 0, 769
        Assert.Equal([0, 880, 1337], plan.Tiles.Where(t => t.GridRow == 0).Select(t => t.Window.Col));
        Assert.Equal([0, 769], plan.Tiles.Where(t => t.GridCol == 0).Select(t => t.Window.Row));
        for (int i = 0; i < plan.Tiles.Count; i++)
        {
            Assert.Equal(i, plan.Tiles[i].Id);
            Assert.Equal(i, (plan.Tiles[i].GridRow * plan.Columns) + plan.Tiles[i].GridCol);
        }

        Assert.Equal(23 * 23, TilePlanner.Plan(20000, 20000, TileOptions.Default).Tiles.Count);
    }

    [Fact]
    public void Regular_neighbours_split_their_overlap_in_half()
    {
        var plan = TilePlanner.Plan(5000, 1008, TileOptions.Default);
        var first = plan.At(0, 0);
        Assert.Equal(new PixelWindow(0, 0, 1008 - 64, 1008), first.Core);
        var second = plan.At(1, 0);
        Assert.Equal(880 + 64, second.Core.Col);
        Assert.Equal(880 + 1008 - 64, second.Core.Right);
    }

    [Fact]
    public void A_scene_smaller_than_a_tile_is_one_tile_over_the_whole_extent()
    {
        var plan = TilePlanner.Plan(349, 352, TileOptions.Default);
        var t = Assert.Single(plan.Tiles);
        Assert.Equal(new PixelWindow(0, 0, 349, 352), t.Window);
        Assert.Equal(t.Window, t.Core);
    }
}
