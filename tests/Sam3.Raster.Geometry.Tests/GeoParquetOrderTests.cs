using System.Text.Json;
using DuckDB.NET.Data;
using NetTopologySuite.Geometries;
using NetTopologySuite.Shape.Fractal;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Crs;

namespace Sam3.Raster.Geometry.Tests;

/// <summary>
/// GeoParquet for big outputs, read by DuckDB: rows follow a Hilbert curve on their bbox centres
/// whatever order they were written in, so a bbox-filtered query reads only some row groups.
/// </summary>
public sealed class GeoParquetOrderTests
{
    private const int Features = 40_000;
    private const double Extent = 10_000;

    [Fact]
    public void Rows_follow_the_Hilbert_curve_and_a_bbox_query_reads_fewer_row_groups_than_there_are()
    {
        using var dir = new TempDirectory();
        using var srs = SpatialReference.FromEpsg(32633);
        var features = ScatteredSquares();
        string path = dir.File("big.parquet");
        using (var writer = FeatureOutputs.Open(path, FeatureSchema.Detections, SceneCrs.From(srs)))
        {
            features.ForEach(writer.Write);
            writer.Commit();
        }

        Assert.Equal([path], Directory.GetFiles(dir.Path));
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT decode(value) FROM parquet_kv_metadata('{path}') WHERE decode(key) = 'geo'";
        var bbox = JsonDocument.Parse((string)cmd.ExecuteScalar()!).RootElement
            .GetProperty("columns").GetProperty("geometry").GetProperty("bbox").EnumerateArray().Select(e => e.GetDouble()).ToArray();

        // The curve index of every row's bbox centre, in file order: level 16 over the file's bbox.
        cmd.CommandText = $"SELECT id, bbox.xmin, bbox.ymin, bbox.xmax, bbox.ymax FROM read_parquet('{path}', file_row_number = true) ORDER BY file_row_number";
        var keys = new List<uint>();
        var ids = new List<long>();
        using (var r = cmd.ExecuteReader())
        {
            int max = HilbertCode.MaxOrdinate(16);
            int Cell(double v, double min, double size) => (int)Math.Clamp(Math.Floor((v - min) / size * max), 0, max);
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
                double x = (r.GetDouble(1) + r.GetDouble(3)) / 2, y = (r.GetDouble(2) + r.GetDouble(4)) / 2;
                keys.Add((uint)HilbertCode.Encode(16, Cell(x, bbox[0], bbox[2] - bbox[0]), Cell(y, bbox[1], bbox[3] - bbox[1])));
            }
        }

        Assert.Equal(features.Select(f => (long)f.Attributes[0]).Order(), ids.Order());
        Assert.All(Enumerable.Range(1, keys.Count - 1), i => Assert.True(keys[i - 1] <= keys[i], $"row {i} steps back along the curve"));

        // A window of 1 % of the area: every feature it meets comes back, from a few row groups.
        var window = new Envelope(2_000, 3_000, 6_000, 7_000);
        var read = ParquetRowGroups.CountRead(path, ParquetRowGroups.BboxIntersects(window.MinX, window.MinY, window.MaxX, window.MaxY));
        Assert.Equal(features.Count(f => f.Geometry.EnvelopeInternal.Intersects(window)), read.Rows);
        Assert.Equal((Features + GeoParquetWriter.RowGroupSize - 1) / GeoParquetWriter.RowGroupSize, read.Total);
        Assert.InRange(read.Read, 1, read.Total - 1);
        TestContext.Current.TestOutputHelper?.WriteLine($"{read.Read} of {read.Total} row groups read for {read.Rows} rows");
    }

    /// <summary>Small squares all over the extent, written in random order (as no pipeline would, the hardest case).</summary>
    private static List<OutputFeature> ScatteredSquares()
    {
        var random = new Random(17);
        var factory = new GeometryFactory(new PrecisionModel(), 32633);
        return [.. Enumerable.Range(1, Features).Select(i =>
        {
            double x = random.NextDouble() * Extent, y = random.NextDouble() * Extent, size = 1 + (random.NextDouble() * 4);
            return OutputFeature.Detection(i, factory.ToGeometry(new Envelope(x, x + size, y, y + size)), "p", 0.9, "s", i % 100, 0);
        })];
    }
}
