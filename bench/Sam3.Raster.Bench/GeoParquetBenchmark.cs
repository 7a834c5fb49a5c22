using System.Diagnostics;
using DuckDB.NET.Data;
using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Crs;

namespace Sam3.Raster.Bench;

/// <summary>
/// <c>geoparquet [--features 200000] [--reps 3]</c>: building-sized squares (5–25 m) over a 40000²
/// scene at 0.5 m (20 km square, EPSG:32633), handed to <see cref="GeoParquetWriter"/> in job order
/// (1008 px tiles row by row); times the write and counts, through DuckDB's file-system log, the row
/// groups a bbox query reads for windows of 0.1 %, 1 % and 10 % of the area, beside the same rows
/// rewritten by DuckDB: in job order with the same row groups, in job order with the 65536-row groups
/// of the writer before the Hilbert sort, and shuffled (a job whose features arrive in no spatial
/// order: several scenes, dissolved areas finished late).
/// </summary>
internal static class GeoParquetBenchmark
{
    private const double Side = 20_000, Tile = 504, Origin = 500_000;

    public static Task<int> Run(string[] args)
    {
        int count = int.Parse(Option(args, "--features", "200000"));
        int reps = int.Parse(Option(args, "--reps", "3"));
        string dir = Directory.CreateTempSubdirectory("sam3r-bench-geoparquet").FullName;
        try
        {
            using var srs = SpatialReference.FromEpsg(32633);
            var crs = SceneCrs.From(srs);
            var features = JobOrder(count);
            string path = Path.Combine(dir, "hilbert.parquet");
            var times = new List<double>();
            for (int rep = 0; rep < reps; rep++)
            {
                var clock = Stopwatch.StartNew();
                using (var writer = FeatureOutputs.Open(path, FeatureSchema.Detections, crs))
                {
                    features.ForEach(writer.Write);
                    writer.Commit();
                }

                times.Add(clock.Elapsed.TotalSeconds);
            }

            string jobOrder = Rewrite(path, "job-order.parquet", "id", GeoParquetWriter.RowGroupSize);
            string before = Rewrite(path, "before.parquet", "id", 65_536);
            string shuffled = Rewrite(path, "shuffled.parquet", "hash(id)", GeoParquetWriter.RowGroupSize);

            times.Sort();
            Console.WriteLine($"{count} features, write median {times[times.Count / 2]:F2} s (of {reps}), {new FileInfo(path).Length / 1e6:F1} MB, row groups of {GeoParquetWriter.RowGroupSize}");
            Console.WriteLine();
            Console.WriteLine("| window (share of area) | rows matched | Hilbert order | job order | job order, 65536-row groups (before) | shuffled |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (double share in new[] { 0.001, 0.01, 0.1 })
            {
                double half = Math.Sqrt(share) * Side / 2, cx = Origin + (Side * 0.37), cy = Origin + (Side * 0.61);
                string where = ParquetRowGroups.BboxIntersects(cx - half, cy - half, cx + half, cy + half);
                var hilbert = ParquetRowGroups.CountRead(path, where);
                var others = new[] { jobOrder, before, shuffled }.Select(f => ParquetRowGroups.CountRead(f, where)).ToList();
                if (others.Any(o => o.Rows != hilbert.Rows))
                {
                    throw new InvalidOperationException($"the files disagree: {hilbert.Rows} against {string.Join(", ", others.Select(o => o.Rows))} rows");
                }

                Console.WriteLine($"| {share * 100:0.#} % | {hilbert.Rows} | {string.Join(" | ", new[] { hilbert }.Concat(others).Select(r => $"{r.Read} of {r.Total}"))} |");
            }

            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The same rows in another order and row group size, written by DuckDB (which keeps bbox statistics too).</summary>
    private static string Rewrite(string source, string name, string orderBy, int rowGroupSize)
    {
        string target = Path.Combine(Path.GetDirectoryName(source)!, name);
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SET enable_geoparquet_conversion = false; COPY (SELECT * FROM read_parquet('{source}') ORDER BY {orderBy}) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE {rowGroupSize})";
        cmd.ExecuteNonQuery();
        return target;
    }

    /// <summary>Random squares, ordered as a job writes them: tile rows top to bottom, tiles left to right.</summary>
    private static List<OutputFeature> JobOrder(int count)
    {
        var random = new Random(42);
        var factory = new GeometryFactory(new PrecisionModel(), 32633);
        var boxes = Enumerable.Range(0, count).Select(_ =>
        {
            double x = random.NextDouble() * Side, y = random.NextDouble() * Side, size = 5 + (random.NextDouble() * 20);
            return new Envelope(Origin + x, Origin + x + size, Origin + y, Origin + y + size);
        }).OrderByDescending(e => Math.Floor(e.MinY / Tile)).ThenBy(e => Math.Floor(e.MinX / Tile)).ToList();
        return [.. boxes.Select((e, i) => OutputFeature.Detection(i + 1, factory.ToGeometry(e), "building", 0.9, "scene.tif", i / 50, i % 200))];
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
