using NetTopologySuite.Geometries;
using Shape = NetTopologySuite.Geometries.Geometry;
using NetTopologySuite.Operation.Union;
using Sam3.Raster.Geometry.Seams;
using Sam3.Raster.Geometry.Tests.Support;
using Sam3.Raster.Geometry.Vectorize;

namespace Sam3.Raster.Geometry.Tests;

/// <summary>
/// Instance merging on simulated tile views: each tile sees each object it overlaps as one query,
/// its mask grown by a few pixels (as SAM3's neighbouring masks overlap) and cut at the window.
/// </summary>
public sealed class InstanceMergerTests
{
    private static readonly GeometryFactory Factory = PixelSpace.Factory;

    /// <summary>Touching blocks on a 3 × 3 grid of 100 px windows, overlap 20 (cores split at 90 and 170; seam crossing at (90, 90)).</summary>
    public static TheoryData<string> Blocks => ["row-across-a-vertical-seam", "column-across-a-horizontal-seam", "grid-on-the-seam-crossing", "L-shapes-in-a-band", "row-inside-a-band"];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Every_touching_object_comes_out_once_with_its_own_outline(string name)
    {
        var objects = Block(name);
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var tiles = TileGrid.Build(260, 260, 100, 20);
            var features = Merge(new InstanceMerger(tiles), tiles, objects, seed, grow: _ => 2);

            Assert.Equal(objects.Count, features.Count);
            for (int i = 0; i < objects.Count; i++)
            {
                var f = Assert.Single(features, f => f.Query == i);
                Assert.True(f.Geometry.IsValid);
                Assert.Equal(0.0, f.Geometry.SymmetricDifference(Grow(objects[i], 2)).Area);
            }
        }
    }

    [Fact]
    public void Views_that_differ_a_little_from_tile_to_tile_still_give_one_feature_per_object()
    {
        var objects = Block("grid-on-the-seam-crossing");
        var tiles = TileGrid.Build(260, 260, 100, 20);

        var features = Merge(new InstanceMerger(tiles), tiles, objects, seed: 5, grow: tile => 1 + (tile % 3));

        Assert.Equal(objects.Count, features.Count);
        for (int i = 0; i < objects.Count; i++)
        {
            var f = Assert.Single(features, f => f.Query == i);
            Assert.True(f.Geometry.Contains(objects[i].Centroid));
            Assert.All(objects.Where((_, j) => j != i), other => Assert.False(f.Geometry.Contains(other.Centroid)));
            Assert.InRange(MaskNms.Iou(f.Geometry, Grow(objects[i], 2)), 0.7, 1.0);
        }
    }

    [Fact]
    public void An_object_straddling_the_core_split_of_the_shifted_last_column_comes_out_once()
    {
        // Windows start at 0, 80, 150: the last column overlaps its neighbour by 30 px, cores split at 165.
        var tiles = TileGrid.Build(250, 100, 100, 20);
        Assert.Equal(150, tiles[^1].Window.Col);
        var objects = new List<Shape> { Rect(155, 30, 175, 60), Rect(175, 30, 178, 60), Rect(120, 30, 155, 60) };

        var features = Merge(new InstanceMerger(tiles), tiles, objects, seed: 2, grow: _ => 1);

        Assert.Equal(3, features.Count);
        Assert.Equal(objects.Select(o => Grow(o, 1).Area).Order(), features.Select(f => f.Geometry.Area).Order());
    }

    [Fact]
    public void An_object_over_many_tiles_comes_out_as_one_feature()
    {
        // Windows of 100 px stepping by 80: a river across a 13 × 2 grid crosses 26 windows.
        var tiles = TileGrid.Build(1060, 180, 100, 20);
        Assert.Equal(26, tiles.Count);
        var river = (Shape)Rect(3, 60, 1057, 120).Union(Rect(500, 5, 530, 175));
        var houses = Enumerable.Range(0, 12).Select(i => (Shape)Rect(10 + (i * 85), 40, 95 + (i * 85), 60)).ToList();

        var features = Merge(new InstanceMerger(tiles), tiles, [river, .. houses], seed: 9, grow: _ => 2);

        Assert.Equal(13, features.Count);
        Assert.Equal(0.0, Assert.Single(features, f => f.Query == 0).Geometry.SymmetricDifference(Grow(river, 2)).Area);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void An_object_that_one_window_cuts_into_several_parts_and_the_next_sees_whole_is_one_feature(int arms)
    {
        // Tile 0 (rows 0..100) sees only the arms (the bar joining them starts at row 110); tile 3 (rows 80..180) sees it whole.
        var shape = Rect(30, 110, 90, 130).Union(Rect(30, 70, 36, 110));
        for (int i = 1; i < arms; i++)
        {
            shape = shape.Union(Rect(30 + (i * 60 / arms), 70, 40 + (i * 60 / arms), 110));
        }

        var tiles = TileGrid.Build(260, 260, 100, 20);

        var features = Merge(new InstanceMerger(tiles), tiles, [shape], seed: 6, grow: _ => 0);

        Assert.Equal(0.0, Assert.Single(features).Geometry.SymmetricDifference(shape).Area);
    }

    [Fact]
    public void Near_duplicate_queries_of_one_object_give_one_feature_with_the_best_score()
    {
        var tiles = TileGrid.Build(260, 260, 100, 20);
        var merger = new InstanceMerger(tiles);
        var house = Rect(20, 20, 60, 60);
        var copy = Rect(21, 21, 60, 60); // IoU 0.95

        var out0 = merger.Add(0, [new SeamFeature(copy, "house", 0.8, 0, 7), new SeamFeature(house, "house", 0.9, 0, 3)]);

        var f = Assert.Single(out0);
        Assert.Equal((0.9, 3, 1600.0), (f.Score, f.Query, f.Geometry.Area));
    }

    [Fact]
    public void Two_overlapping_instances_stay_two_features_and_each_keeps_the_overlap()
    {
        var tiles = TileGrid.Build(260, 260, 100, 20);
        var objects = new List<Shape> { Rect(60, 20, 100, 60), Rect(90, 30, 130, 70) }; // overlap 10 × 30, across the seam at 90

        var features = Merge(new InstanceMerger(tiles), tiles, objects, seed: 4, grow: _ => 0);

        Assert.Equal(2, features.Count);
        Assert.Equal(0.0, features.Single(f => f.Query == 0).Geometry.SymmetricDifference(objects[0]).Area);
        Assert.Equal(0.0, features.Single(f => f.Query == 1).Geometry.SymmetricDifference(objects[1]).Area);
    }

    [Fact]
    public void Dissolve_unions_a_touching_block_into_one_feature()
    {
        var objects = Block("grid-on-the-seam-crossing");
        var tiles = TileGrid.Build(260, 260, 100, 20);

        var dissolved = Merge(FeatureMergers.Create(MergeMode.Dissolve, tiles), tiles, objects, seed: 1, grow: _ => 2);

        var f = Assert.Single(dissolved);
        Assert.Equal(0.0, f.Geometry.SymmetricDifference(Grow(UnaryUnionOp.Union(objects), 2)).Area);
    }

    [Fact]
    public void Dissolve_of_one_query_per_tile_gives_what_the_seam_merger_gives()
    {
        var area = new List<Shape> { UnaryUnionOp.Union(Block("grid-on-the-seam-crossing")), Rect(150, 150, 250, 160), Rect(10, 200, 20, 210) };
        var tiles = TileGrid.Build(260, 260, 100, 20);

        var dissolved = Merge(FeatureMergers.Create(MergeMode.Dissolve, tiles), tiles, area, seed: 3, grow: _ => 0, oneQuery: true);
        var seam = Merge(new SeamMerger(tiles), tiles, area, seed: 3, grow: _ => 0, oneQuery: true);

        Assert.Equal(3, dissolved.Count);
        Assert.Equal(seam.Select(f => (f.Geometry.Area, f.Tile, f.Query)), dissolved.Select(f => (f.Geometry.Area, f.Tile, f.Query)));
    }

    [Fact]
    public void A_tile_added_twice_adds_nothing_the_second_time()
    {
        var tiles = TileGrid.Build(260, 260, 100, 20);
        var merger = new InstanceMerger(tiles);
        var bar = new SeamFeature(Rect(50, 20, 100, 40), "bar", 0.9, 0, 0);

        Assert.Empty(merger.Add(0, [bar]));
        Assert.Empty(merger.Add(0, [bar]));
        Assert.Equal(1, merger.OpenPieces);
    }

    /// <summary>Feeds every tile its views, in an order given by <paramref name="seed"/>; query i is object i.</summary>
    internal static List<SeamFeature> Merge(IFeatureMerger merger, List<SeamTile> tiles, IReadOnlyList<Shape> objects, int seed, Func<int, int> grow, bool oneQuery = false)
    {
        var features = new List<SeamFeature>();
        foreach (var tile in tiles.OrderBy(t => new Random(seed * 7919 + t.Id).Next()))
        {
            var window = Factory.ToGeometry(new Envelope(tile.Window.Col, tile.Window.Right, tile.Window.Row, tile.Window.Bottom));
            var views = new List<SeamFeature>();
            for (int i = 0; i < objects.Count; i++)
            {
                var view = Grow(objects[i], grow(tile.Id)).Intersection(window);
                for (int part = 0; part < view.NumGeometries; part++)
                {
                    if (view.GetGeometryN(part).Area > 0)
                    {
                        views.Add(new SeamFeature(view.GetGeometryN(part), "building", 0.9, tile.Id, oneQuery ? 0 : i));
                    }
                }
            }

            features.AddRange(merger.Add(tile.Id, views));
        }

        features.AddRange(merger.Finish());
        return features;
    }

    internal static Polygon Rect(int c0, int r0, int c1, int r1) => (Polygon)Factory.ToGeometry(new Envelope(c0, c1, r0, r1));

    /// <summary>Chebyshev dilation by <paramref name="d"/> px of a union of pixel rectangles (mitred square buffer).</summary>
    internal static Shape Grow(Shape g, int d) =>
        d == 0 ? g : g.Buffer(d, new NetTopologySuite.Operation.Buffer.BufferParameters { JoinStyle = NetTopologySuite.Operation.Buffer.JoinStyle.Mitre, EndCapStyle = NetTopologySuite.Operation.Buffer.EndCapStyle.Square, MitreLimit = 2 });

    private static List<Shape> Block(string name) => name switch
    {
        "row-across-a-vertical-seam" => [.. Enumerable.Range(0, 5).Select(i => (Shape)Rect(50 + (i * 16), 30, 66 + (i * 16), 60))],
        "column-across-a-horizontal-seam" => [.. Enumerable.Range(0, 5).Select(i => (Shape)Rect(120, 60 + (i * 14), 150, 74 + (i * 14)))],
        "grid-on-the-seam-crossing" => [.. from r in Enumerable.Range(0, 4) from c in Enumerable.Range(0, 4) select (Shape)Rect(66 + (c * 12), 66 + (r * 12), 78 + (c * 12), 78 + (r * 12))],
        "L-shapes-in-a-band" =>
        [
            Rect(82, 120, 90, 150).Union(Rect(82, 150, 120, 158)),
            Rect(90, 120, 98, 150),
            Rect(98, 120, 120, 150),
            Rect(160, 160, 172, 200).Union(Rect(160, 200, 200, 212)),
            Rect(172, 160, 200, 200),
        ],
        _ => [.. Enumerable.Range(0, 4).Select(i => (Shape)Rect(82 + (i * 4), 200, 86 + (i * 4), 230))],
    };
}
