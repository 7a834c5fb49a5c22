using System.Text.Json;
using DuckDB.NET.Data;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Sam3.Raster.Geometry.Geo;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Geometry.Tests.Support;
using Sam3.Raster.Geometry.Vectorize;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Tests;

public sealed class OutputTests
{
    internal static (List<OutputFeature> Features, SceneCrs Crs) LandsatFeatures(TempDirectory dir)
    {
        string tif = RasterBytes.LandsatMask(dir);
        var mask = RasterBytes.ReadBand(dir, tif, out int w, out int h);
        var info = JsonDocument.Parse(ProcessRunner.RunChecked("gdalinfo", "-json", tif)).RootElement;
        var gt = GeoTransform.FromGdal(info.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        var crs = SceneCrs.FromWkt(info.GetProperty("coordinateSystem").GetProperty("wkt").GetString());
        var factory = new GeometryFactory(new PrecisionModel(), crs.Srid);
        var features = new MaskVectorizer().Vectorize(mask, w, h)
            .Select((g, i) => OutputFeature.Detection(i + 1, Georeferencing.ToWorld(g, gt, factory), "bright", 0.5 + (i % 50 / 100.0), "L7_ETMs", i % 7, i % 3))
            .ToList();
        return (features, crs);
    }

    [Fact]
    public void GeoParquet_reads_back_in_DuckDB_with_geo_metadata_the_scene_PROJJSON_and_every_row()
    {
        using var dir = new TempDirectory();
        var (features, crs) = LandsatFeatures(dir);
        Assert.Equal(31985, crs.Epsg);
        string path = dir.File("out.parquet");
        using (var writer = FeatureOutputs.Open(path, FeatureSchema.Detections, crs))
        {
            features.ForEach(writer.Write);
            writer.Commit();
        }

        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT decode(value) FROM parquet_kv_metadata('{path}') WHERE decode(key) = 'geo'";
        var geo = JsonDocument.Parse((string)cmd.ExecuteScalar()!).RootElement;
        Assert.Equal("1.1.0", geo.GetProperty("version").GetString());
        Assert.Equal("geometry", geo.GetProperty("primary_column").GetString());
        var col = geo.GetProperty("columns").GetProperty("geometry");
        Assert.Equal("WKB", col.GetProperty("encoding").GetString());
        var types = col.GetProperty("geometry_types").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(features.Select(f => f.Geometry.GeometryType).Distinct().Order(), types);
        Assert.Equal(31985, col.GetProperty("crs").GetProperty("id").GetProperty("code").GetInt32());
        Assert.Equal("EPSG", col.GetProperty("crs").GetProperty("id").GetProperty("authority").GetString());
        var bbox = col.GetProperty("bbox").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var extent = new Envelope();
        features.ForEach(f => extent.ExpandToInclude(f.Geometry.EnvelopeInternal));
        Assert.Equal(new[] { extent.MinX, extent.MinY, extent.MaxX, extent.MaxY }, bbox);
        Assert.Equal("[\"bbox\",\"xmin\"]", col.GetProperty("covering").GetProperty("bbox").GetProperty("xmin").GetRawText());

        cmd.CommandText = $"SELECT count(*), sum(area), max(score), count(DISTINCT tile) FROM '{path}'";
        using (var r = cmd.ExecuteReader())
        {
            Assert.True(r.Read());
            Assert.Equal(features.Count, Convert.ToInt64(r.GetValue(0)));
            Assert.Equal(features.Sum(f => f.Geometry.Area), r.GetDouble(1), 1e-6);
            Assert.Equal(features.Max(f => (double)f.Attributes[2]), r.GetDouble(2));
            Assert.Equal(7, Convert.ToInt64(r.GetValue(3)));
        }

        // DuckDB turns the column into its GEOMETRY type carrying our PROJJSON; ask for the raw WKB.
        cmd.CommandText = "SET enable_geoparquet_conversion = false";
        cmd.ExecuteNonQuery();
        cmd.CommandText = $"SELECT geometry, bbox.xmin, bbox.ymax, area FROM read_parquet('{path}')";
        using (var r = cmd.ExecuteReader())
        {
            var wkb = new WKBReader();
            int n = 0;
            while (r.Read())
            {
                var bytes = ReadBlob(r, 0);
                var g = wkb.Read(bytes);
                Assert.True(g.IsValid);
                Assert.Equal(r.GetDouble(3), g.Area, 1e-6);
                Assert.Equal(g.EnvelopeInternal.MinX, r.GetDouble(1));
                Assert.Equal(g.EnvelopeInternal.MaxY, r.GetDouble(2));
                Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(((Polygon)g.GetGeometryN(0)).Shell.CoordinateSequence));
                n++;
            }

            Assert.Equal(features.Count, n);
        }
    }

    [Fact]
    public void GeoJSON_opens_in_ogrinfo_in_longitude_latitude_over_Brazil_with_every_feature()
    {
        using var dir = new TempDirectory();
        var (features, crs) = LandsatFeatures(dir);
        string path = dir.File("out.geojson");
        using (var writer = FeatureOutputs.Open(path, FeatureSchema.Detections, crs))
        {
            features.ForEach(writer.Write);
            writer.Commit();
        }

        string info = ProcessRunner.RunChecked("ogrinfo", "-al", "-so", path);
        Assert.Contains($"Feature Count: {features.Count}", info);
        var extent = System.Text.RegularExpressions.Regex.Match(info, @"Extent: \((-?[\d.]+), (-?[\d.]+)\) - \((-?[\d.]+), (-?[\d.]+)\)");
        Assert.True(extent.Success, info);
        var v = Enumerable.Range(1, 4).Select(i => double.Parse(extent.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.InRange(v[0], -74, -34);
        Assert.InRange(v[2], -74, -34);
        Assert.InRange(v[1], -34, 6);
        Assert.InRange(v[3], -34, 6);
        Assert.Contains("prompt: String", info);
        Assert.Contains("score: Real", info);

        // RFC 7946: outer rings counter-clockwise in lon/lat.
        var parsed = GdalPolygonize.Read(path);
        Assert.All(parsed, f => Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(((Polygon)f.Geometry.GetGeometryN(0)).Shell.CoordinateSequence)));
    }

    [Fact]
    public void Writing_the_same_work_unit_twice_leaves_one_copy_and_no_temporary_files()
    {
        using var dir = new TempDirectory();
        var f = OutputFeature.Detection(1, new GeometryFactory().ToGeometry(new Envelope(0, 2, 0, 3)), "p", 0.9, "s", 1, 2);
        string path = FeatureOutputs.WorkUnitPath(dir.Path, "scene-a/tile 7", ".parquet");
        for (int attempt = 0; attempt < 2; attempt++)
        {
            using var writer = FeatureOutputs.Open(path, FeatureSchema.Detections, SceneCrs.None);
            writer.Write(f);
            writer.Commit();
        }

        Assert.Equal([path], Directory.GetFiles(dir.Path));
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM '{path}'";
        Assert.Equal(1L, Convert.ToInt64(cmd.ExecuteScalar()));
    }

    [Fact]
    public void A_failed_write_leaves_no_partial_file_and_keeps_the_previous_one()
    {
        using var dir = new TempDirectory();
        var good = OutputFeature.Detection(1, new GeometryFactory().ToGeometry(new Envelope(0, 2, 0, 3)), "p", 0.9, "s", 1, 2);
        var bad = new OutputFeature(good.Geometry, ["p", "not a number", "s", 1, 2, 6.0]);
        using var wgs = SpatialReference.FromEpsg(31985);
        var crs = SceneCrs.From(wgs);
        foreach (var ext in new[] { ".parquet", ".geojson" })
        {
            string path = dir.File("unit" + ext);
            Assert.ThrowsAny<ArgumentException>(() =>
            {
                using var writer = FeatureOutputs.Open(path, FeatureSchema.Detections, crs);
                writer.Write(good);
                writer.Write(bad);
                writer.Commit();
            });
            Assert.Empty(Directory.GetFiles(dir.Path));
        }
    }

    [Fact]
    public void Several_outputs_are_written_at_once_by_extension()
    {
        using var dir = new TempDirectory();
        using var srs = SpatialReference.FromEpsg(31985);
        var factory = new GeometryFactory(new PrecisionModel(), 31985);
        var f = OutputFeature.Detection(1, Georeferencing.ToWorld(new MaskVectorizer().Vectorize([1, 1, 0, 1], 2, 2)[0], MaskRaster.Utm30m, factory), "p", 0.9, "s", 1, 2);
        using (var writer = FeatureOutputs.OpenAll([dir.File("a.parquet"), dir.File("a.geojson")], FeatureSchema.Detections, SceneCrs.From(srs)))
        {
            writer.Write(f);
            writer.Commit();
        }

        Assert.Equal(["a.geojson", "a.parquet"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
        Assert.Contains("Feature Count: 1", ProcessRunner.RunChecked("ogrinfo", "-al", "-so", dir.File("a.geojson")));
    }

    private static byte[] ReadBlob(System.Data.Common.DbDataReader r, int i)
    {
        var v = r.GetValue(i);
        if (v is byte[] b)
        {
            return b;
        }

        using var s = (Stream)v;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
