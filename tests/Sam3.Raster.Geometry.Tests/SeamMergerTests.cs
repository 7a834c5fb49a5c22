using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Seams;
using Sam3.Raster.Geometry.Tests.Support;
using Sam3.Raster.Geometry.Vectorize;

namespace Sam3.Raster.Geometry.Tests;

public sealed class SeamMergerTests
{
    // A 3x3 grid of 100 px tiles with a 20 px overlap on a 260 px scene: windows start at 0, 80, 160;
    // cores split at 90 and 170.
    private const int Scene = 260, Size = 100, Overlap = 20;

    public static TheoryData<string> Objects => ["bar-1-seam", "bar-2-seams", "cross-over-a-corner", "L-over-3-seams", "ring-hole-on-a-seam", "big-blob", "frame-of-the-scene"];

    [Theory]
    [MemberData(nameof(Objects))]
    public void An_object_cut_by_seams_comes_out_as_exactly_one_feature_with_its_true_geometry(string name)
    {
        var mask = Draw(name);
        var truth = Assert.Single(new MaskVectorizer().Vectorize(mask, Scene, Scene));

        foreach (int seed in new[] { 1, 2, 3 })
        {
            var (features, finish) = MergeTiles(seed, ("thing", mask));

            var f = Assert.Single(features);
            Assert.Empty(finish);
            Assert.True(f.Geometry.IsValid);
            Assert.Equal(truth.Area, f.Geometry.Area);
            Assert.Equal(0.0, f.Geometry.SymmetricDifference(truth).Area);
            Assert.Equal(truth.NumGeometries, f.Geometry.NumGeometries);
            if (truth is Polygon tp)
            {
                Assert.Equal(tp.NumInteriorRings, ((Polygon)f.Geometry).NumInteriorRings);
            }
        }
    }

    [Fact]
    public void An_object_inside_an_overlap_band_comes_out_once()
    {
        var mask = new byte[Scene * Scene];
        Fill(mask, 82, 40, 97, 60);   // inside the band 80..100, across the core split at 90
        Fill(mask, 84, 120, 88, 130); // inside the band, wholly in the left core
        Fill(mask, 170, 172, 176, 178); // inside a corner band of four tiles, wholly in one core

        var (features, finish) = MergeTiles(7, ("thing", mask));

        Assert.Empty(finish);
        Assert.Equal(3, features.Count);
        Assert.Equal(new[] { 15.0 * 20, 4 * 10, 6 * 6 }.Order(), features.Select(f => f.Geometry.Area).Order());
    }

    [Fact]
    public void Objects_of_different_prompts_touching_across_a_seam_stay_separate()
    {
        var red = new byte[Scene * Scene];
        var blue = new byte[Scene * Scene];
        Fill(red, 30, 30, 90, 60);
        Fill(blue, 90, 30, 150, 60);

        var (features, _) = MergeTiles(3, ("red", red), ("blue", blue));

        Assert.Equal(2, features.Count);
        Assert.Equal(1800.0, features.Single(f => f.Prompt == "red").Geometry.Area);
        Assert.Equal(1800.0, features.Single(f => f.Prompt == "blue").Geometry.Area);
    }

    [Fact]
    public void Merged_features_keep_the_highest_score_and_the_tile_and_query_of_the_largest_piece()
    {
        var tiles = TileGrid.Build(Scene, Scene, Size, Overlap);
        var merger = new SeamMerger(tiles);
        var factory = PixelSpace.Factory;
        Polygon Box(int c0, int r0, int c1, int r1) => (Polygon)factory.ToGeometry(new Envelope(c0, c1, r0, r1));

        // Tile 0 sees 10..100 of a bar 10..150, tile 1 sees 80..150 of it.
        var out0 = merger.Add(0, [new SeamFeature(Box(10, 10, 100, 20), "bar", 0.6, 0, 4)]);
        var out1 = merger.Add(1, [new SeamFeature(Box(80, 10, 150, 20), "bar", 0.9, 1, 7)]);
        var rest = tiles.Skip(2).SelectMany(t => merger.Add(t.Id, [])).ToList();

        Assert.Empty(out0);
        var f = Assert.Single(out1.Concat(rest));
        Assert.Equal(1400.0, f.Geometry.Area);
        Assert.Equal(0.9, f.Score);
        Assert.Equal((0, 4), (f.Tile, f.Query));
    }

    [Fact]
    public void Features_stream_out_as_soon_as_their_neighbours_are_in_and_open_pieces_stay_near_open_seams()
    {
        var mask = new byte[Scene * Scene];
        Fill(mask, 20, 20, 40, 40);   // whole inside tile 0's core
        Fill(mask, 60, 20, 120, 40);  // across the first vertical seam, top row of tiles
        var tiles = TileGrid.Build(Scene, Scene, Size, Overlap);
        var merger = new SeamMerger(tiles);
        var v = new MaskVectorizer();

        var after0 = merger.Add(0, Pieces(v, mask, tiles[0], "thing"));
        Assert.Single(after0);
        Assert.Equal(1, merger.OpenPieces);

        // The bar's group spans tiles 0 and 1 and touches row 1's windows (rows from 80)? No: it ends
        // at row 40, so it is complete once tiles 0 and 1 are in.
        var after1 = merger.Add(1, Pieces(v, mask, tiles[1], "thing"));
        var bar = Assert.Single(after1);
        Assert.Equal(1200.0, bar.Geometry.Area);
        Assert.Equal(0, merger.OpenPieces);
    }

    [Fact]
    public void A_tile_delivered_twice_adds_nothing_the_second_time()
    {
        var mask = new byte[Scene * Scene];
        Fill(mask, 20, 20, 40, 40);
        var tiles = TileGrid.Build(Scene, Scene, Size, Overlap);
        var merger = new SeamMerger(tiles);
        var pieces = Pieces(new MaskVectorizer(), mask, tiles[0], "thing");

        Assert.Single(merger.Add(0, pieces));
        Assert.Empty(merger.Add(0, pieces));
    }

    private static (List<SeamFeature> Features, IReadOnlyList<SeamFeature> Finish) MergeTiles(int seed, params (string Prompt, byte[] Mask)[] objects)
    {
        var tiles = TileGrid.Build(Scene, Scene, Size, Overlap);
        Assert.Equal(9, tiles.Count);
        var merger = new SeamMerger(tiles);
        var v = new MaskVectorizer();
        var features = new List<SeamFeature>();
        foreach (var tile in tiles.OrderBy(_ => Random.Shared.Next()).ToList().OrderBy(t => new Random(seed + t.Id).Next()))
        {
            var pieces = objects.SelectMany(o => Pieces(v, o.Mask, tile, o.Prompt)).ToList();
            features.AddRange(merger.Add(tile.Id, pieces));
        }

        return (features, merger.Finish());
    }

    /// <summary>What the model would report for one tile: the object's pixels inside the window, vectorized in scene pixels.</summary>
    private static List<SeamFeature> Pieces(MaskVectorizer v, byte[] mask, SeamTile tile, string prompt)
    {
        var w = tile.Window;
        var crop = new byte[w.Width * w.Height];
        for (int r = 0; r < w.Height; r++)
        {
            Array.Copy(mask, ((w.Row + r) * Scene) + w.Col, crop, r * w.Width, w.Width);
        }

        return v.Vectorize(crop, w.Width, w.Height, w.Col, w.Row).Select((g, i) => new SeamFeature(g, prompt, 0.5 + (0.01 * tile.Id), tile.Id, i)).ToList();
    }

    private static byte[] Draw(string name)
    {
        var m = new byte[Scene * Scene];
        switch (name)
        {
            case "bar-1-seam":
                Fill(m, 30, 40, 140, 55);
                break;
            case "bar-2-seams":
                Fill(m, 5, 100, 255, 110);
                break;
            case "cross-over-a-corner":
                Fill(m, 60, 85, 120, 95);
                Fill(m, 85, 60, 95, 120);
                break;
            case "L-over-3-seams":
                Fill(m, 20, 120, 200, 135); // across the seams at 90 and 170
                Fill(m, 185, 20, 200, 135); // up across the seam at 90
                break;
            case "ring-hole-on-a-seam":
                Fill(m, 60, 60, 130, 130);
                Fill(m, 75, 75, 115, 115, 0); // the hole spans the split at 90 both ways
                break;
            case "big-blob":
                var blob = Masks.Blobs(Scene, Scene, seed: 5, discs: 1);
                Fill(m, 40, 40, 220, 220);
                for (int i = 0; i < m.Length; i++)
                {
                    // Punch a fixed random pattern of holes, staying 8-connected as one object.
                    int x = i % Scene, y = i / Scene;
                    if (m[i] != 0 && x % 9 == 4 && y % 7 == 3 && blob[i] == 0)
                    {
                        m[i] = 0;
                    }
                }

                break;
            case "frame-of-the-scene":
                Fill(m, 0, 0, Scene, Scene);
                Fill(m, 3, 3, Scene - 3, Scene - 3, 0);
                break;
            default:
                throw new ArgumentException(name);
        }

        return m;
    }

    private static void Fill(byte[] m, int c0, int r0, int c1, int r1, byte value = 1)
    {
        for (int r = r0; r < r1; r++)
        {
            Array.Fill(m, value, (r * Scene) + c0, c1 - c0);
        }
    }
}
