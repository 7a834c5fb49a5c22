using System.Diagnostics;
using Sam3.Raster.Geometry.Seams;
using Sam3.Raster.Geometry.Vectorize;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Bench;

/// <summary>
/// <c>merge [--tiles 5,10,20,40,80] [--reps 3]</c>: one winding river (a sine band 60–100 px wide,
/// pixel outlines with long boundaries) across a row of n 1008 px tiles (overlap 128), each tile's
/// piece vectorized beforehand; times only the merging of those pieces into one feature, instance
/// mode (<see cref="InstanceMerger"/>) beside dissolve (<see cref="SeamMerger"/>), tiles added in
/// grid order. Time per piece that stays flat as n grows is linear merging.
/// </summary>
internal static class MergeBenchmark
{
    private const int Size = 1008, Overlap = 128, Height = 1008;

    public static Task<int> Run(string[] args)
    {
        var counts = Option(args, "--tiles", "5,10,20,40,80").Split(',').Select(int.Parse).ToArray();
        int reps = int.Parse(Option(args, "--reps", "3"));
        Console.WriteLine("| tiles | pieces | vertices | instances ms | ms/piece | dissolve ms | ms/piece |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (int n in counts)
        {
            var (tiles, pieces) = River(n);
            int vertices = pieces.Sum(p => p.Value.Sum(f => f.Geometry.NumPoints));
            Time(tiles, pieces, t => new InstanceMerger(t)); // warm-up
            double inst = Enumerable.Range(0, reps).Min(_ => Time(tiles, pieces, t => new InstanceMerger(t)));
            double diss = Enumerable.Range(0, reps).Min(_ => Time(tiles, pieces, t => new SeamMerger(t)));
            int count = pieces.Count;
            Console.WriteLine($"| {n} | {count} | {vertices} | {inst:F1} | {inst / count:F2} | {diss:F1} | {diss / count:F2} |");
        }

        return Task.FromResult(0);
    }

    private static double Time(List<SeamTile> tiles, Dictionary<int, List<SeamFeature>> pieces, Func<List<SeamTile>, IFeatureMerger> create)
    {
        var clock = Stopwatch.StartNew();
        var merger = create(tiles);
        var features = new List<SeamFeature>();
        foreach (var t in tiles)
        {
            features.AddRange(merger.Add(t.Id, pieces.TryGetValue(t.Id, out var p) ? p : []));
        }

        features.AddRange(merger.Finish());
        clock.Stop();
        if (features.Count != 1)
        {
            throw new InvalidOperationException($"the river came out as {features.Count} features");
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>A row of n tiles (cores split each overlap in the middle) and each tile's vectorized piece of the river.</summary>
    private static (List<SeamTile> Tiles, Dictionary<int, List<SeamFeature>> Pieces) River(int n)
    {
        int width = (n * (Size - Overlap)) + Overlap;
        var tiles = new List<SeamTile>();
        for (int i = 0; i < n; i++)
        {
            int col = i * (Size - Overlap);
            int c0 = i == 0 ? 0 : col + (Overlap / 2), c1 = i == n - 1 ? width : col + Size - (Overlap / 2);
            tiles.Add(new SeamTile(i, i, 0, new PixelWindow(col, 0, Size, Height), new PixelWindow(c0, 0, c1 - c0, Height)));
        }

        var vectorizer = new MaskVectorizer();
        var mask = new byte[Size * Height];
        var pieces = new Dictionary<int, List<SeamFeature>>();
        foreach (var t in tiles)
        {
            for (int r = 0; r < Height; r++)
            {
                for (int c = 0; c < Size; c++)
                {
                    int x = t.Window.Col + c;
                    double centre = 504 + (300 * Math.Sin(x / 230.0)), half = 30 + (20 * Math.Sin(x / 37.0));
                    mask[(r * Size) + c] = (byte)(Math.Abs(r - centre) < half ? 1 : 0);
                }
            }

            pieces[t.Id] = [.. vectorizer.Vectorize(mask, Size, Height, t.Window.Col, 0).Select(g => new SeamFeature(g, "river", 0.9, t.Id, 0))];
        }

        return (tiles, pieces);
    }

    private static string Option(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is int at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
