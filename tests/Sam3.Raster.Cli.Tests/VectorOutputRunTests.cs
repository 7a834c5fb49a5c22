using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using ParquetSharp;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// <c>sam3r run</c> with GeoPackage and FlatGeobuf outputs, <c>--out-crs</c>, scenes in different
/// CRSs and scenes without georeferencing: real runs of the colour model, outputs read back by
/// ogrinfo / ogr2ogr and ParquetSharp.
/// </summary>
public sealed class VectorOutputRunTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public void GeoPackage_and_FlatGeobuf_hold_the_GeoParquets_features_ids_attributes_and_CRS()
    {
        using var temp = new TempDirectory("sam3r-vecout");
        var r = Run("--out", temp.File("o.parquet"), "--out", temp.File("o.gpkg"), "--out", temp.File("o.fgb"));
        Assert.True(r.ExitCode == 0, r.StdErr);

        var parquet = ParquetRows(temp.File("o.parquet"));
        Assert.True(parquet.Count > 10, $"{parquet.Count} features");
        Assert.Equal(Enumerable.Range(1, parquet.Count).Select(i => (long)i), parquet.Keys.Order());
        Assert.Equal(32633, ParquetCrsCode(temp.File("o.parquet")));
        foreach (var path in new[] { temp.File("o.gpkg"), temp.File("o.fgb") })
        {
            string info = OgrReadBack.Summary(path);
            Assert.Contains($"Feature Count: {parquet.Count}", info);
            Assert.Contains("ID[\"EPSG\",32633]", info);
            foreach (var field in new[] { "id: Integer64", "prompt: String", "score: Real", "scene: String", "tile: Integer", "query: Integer", "area: Real" })
            {
                Assert.Contains(field, info);
            }

            var rows = OgrReadBack.Rows(path);
            Assert.Equal(parquet.Keys.Order(), rows.Select(row => long.Parse(row["id"], CultureInfo.InvariantCulture)).Order());
            foreach (var row in rows)
            {
                var (geometry, prompt) = parquet[long.Parse(row["id"], CultureInfo.InvariantCulture)];
                Assert.Equal(prompt, row["prompt"]);
                Assert.Equal(scene.ScenePath, row["scene"]);
                var g = new WKTReader().Read(row["WKT"]);
                AssertSameCoordinates(geometry, g, 0);
            }
        }

        Assert.Equal("1", OgrReadBack.Scalar(temp.File("o.gpkg"), "SELECT count(*) FROM sqlite_master WHERE name = 'rtree_o_geometry'"));
        Assert.Equal(16, OgrReadBack.FlatGeobufIndexNodeSize(temp.File("o.fgb")));
    }

    [Fact]
    public void Out_crs_4326_gives_the_scene_CRS_run_as_reprojected_by_ogr2ogr()
    {
        using var temp = new TempDirectory("sam3r-outcrs");
        var native = Run("--out", temp.File("utm.gpkg"));
        Assert.True(native.ExitCode == 0, native.StdErr);
        var lonLat = Run("--out", temp.File("ll.gpkg"), "--out", temp.File("ll.fgb"), "--out", temp.File("ll.parquet"), "--out-crs", "4326");
        Assert.True(lonLat.ExitCode == 0, lonLat.StdErr);

        ProcessRunner.RunChecked("ogr2ogr", "-t_srs", "EPSG:4326", temp.File("by-ogr2ogr.gpkg"), temp.File("utm.gpkg"));
        var expected = OgrReadBack.Rows(temp.File("by-ogr2ogr.gpkg")).ToDictionary(row => row["id"]);
        Assert.Equal(4326, ParquetCrsCode(temp.File("ll.parquet")));
        var parquet = ParquetRows(temp.File("ll.parquet"));
        foreach (var path in new[] { temp.File("ll.gpkg"), temp.File("ll.fgb") })
        {
            Assert.Contains("ID[\"EPSG\",4326]", OgrReadBack.Summary(path));
            var rows = OgrReadBack.Rows(path);
            Assert.Equal(expected.Count, rows.Count);
            foreach (var row in rows)
            {
                var want = expected[row["id"]];
                Assert.Equal(want["prompt"], row["prompt"]);

                // area stays in the scene CRS's m², as in the scene-CRS run.
                Assert.Equal(double.Parse(want["area"], CultureInfo.InvariantCulture), double.Parse(row["area"], CultureInfo.InvariantCulture), 1e-6);
                var g = new WKTReader().Read(row["WKT"]);
                AssertSameCoordinates(new WKTReader().Read(want["WKT"]), g, 1e-9);
                AssertSameCoordinates(g, parquet[long.Parse(row["id"], CultureInfo.InvariantCulture)].Geometry, 1e-9);
                Assert.InRange(g.EnvelopeInternal.MinX, 14, 16);
                Assert.InRange(g.EnvelopeInternal.MinY, 62, 64);
            }
        }
    }

    [Fact]
    public void Scenes_in_different_CRSs_are_refused_before_any_tile_naming_the_CRSs_and_written_together_with_out_crs()
    {
        using var temp = new TempDirectory("sam3r-mixed");
        string other = temp.File("zone32.tif");
        ProcessRunner.RunChecked("gdal_translate", "-q", "-a_srs", "EPSG:32632", scene.ScenePath, other);

        var refused = Sam3r(Args(scene.ScenePath, "--input", other, "--out", temp.File("m.parquet")));
        Assert.Equal(2, refused.ExitCode);
        string line = Assert.Single(refused.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"sam3r: error: the scenes are in 2 different CRSs: EPSG:32633 ({scene.ScenePath}), EPSG:32632 ({other}); pass --out-crs (e.g. --out-crs EPSG:4326) to write their features in one", line);
        Assert.Equal(["zone32.tif"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));

        var written = Sam3r(Args(scene.ScenePath, "--input", other, "--out", temp.File("m.gpkg"), "--out", temp.File("m.geojson"), "--out-crs", "EPSG:4326"));
        Assert.True(written.ExitCode == 0, written.StdErr);
        var rows = OgrReadBack.Rows(temp.File("m.gpkg"));
        var byScene = rows.GroupBy(row => row["scene"]).ToDictionary(g => g.Key, g => g.Select(row => new WKTReader().Read(row["WKT"]).EnvelopeInternal).ToList());
        Assert.Equal(2, byScene.Count);

        // The same pixels, 6° apart: zone 32's central meridian is 9°E, zone 33's 15°E.
        Assert.All(byScene[scene.ScenePath], e => Assert.InRange(e.MinX, 14, 16));
        Assert.All(byScene[other], e => Assert.InRange(e.MinX, 8, 10));
        Assert.Contains($"Feature Count: {rows.Count}", OgrReadBack.Summary(temp.File("m.geojson")));
    }

    [Fact]
    public void An_ungeoreferenced_scene_gives_pixel_coordinates_with_a_warning_and_refuses_GeoJSON_and_out_crs_before_any_tile()
    {
        using var temp = new TempDirectory("sam3r-pixels");
        string plain = temp.File("plain.tif");
        ProcessRunner.RunChecked("gdal_translate", "-q", "-co", "PROFILE=BASELINE", scene.ScenePath, plain);
        File.Delete(plain + ".aux.xml");

        var geoJson = Sam3r(Args(plain, "--out", temp.File("p.geojson")));
        var outCrs = Sam3r(Args(plain, "--out", temp.File("p.gpkg"), "--out-crs", "EPSG:4326"));
        foreach (var (r, expected) in new[] { (geoJson, "GeoJSON output"), (outCrs, "--out-crs cannot reproject") })
        {
            Assert.Equal(2, r.ExitCode);
            string line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"sam3r: error: {plain} has no georeferencing", line);
            Assert.Contains(expected, line);
        }

        Assert.Equal(["plain.tif"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));

        var pixels = Sam3r(Args(plain, "--out", temp.File("p.parquet"), "--out", temp.File("p.fgb")));
        Assert.True(pixels.ExitCode == 0, pixels.StdErr);
        Assert.Contains($"sam3r: warning: {plain} has no georeferencing: its features are written in pixel coordinates (crs null)", pixels.StdErr);
        Assert.Null(ParquetCrsCode(temp.File("p.parquet")));
        var extent = new Envelope();
        foreach (var (g, _) in ParquetRows(temp.File("p.parquet")).Values)
        {
            extent.ExpandToInclude(g.EnvelopeInternal);
        }

        Assert.InRange(extent.MinX, 0, 3000);
        Assert.InRange(extent.MaxY, 0, 3000);
        Assert.Contains("(unknown)", OgrReadBack.Summary(temp.File("p.fgb")));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("submit", "--seeds", "127.0.0.1:1")]
    public void An_out_crs_GDAL_does_not_know_is_one_line_naming_the_option(string command, params string[] more)
    {
        using var temp = new TempDirectory("sam3r-badcrs");
        var r = Sam3r([command, .. more, "--input", scene.ScenePath, "--prompt", "red", "--out", temp.File("o.gpkg"), "--model", scene.ModelPath, "--out-crs", "EPSG:999999"]);
        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sam3r: error: --out-crs: 'EPSG:999999' is not a CRS", line);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    private string[] Args(string input, params string[] more) =>
        ["run", "--input", input, "--prompt", "red", "--prompt", "blue", "--model", scene.ModelPath, .. more];

    private ProcessResult Run(params string[] outputs) => Sam3r(Args(scene.ScenePath, outputs));

    private static void AssertSameCoordinates(NetTopologySuite.Geometries.Geometry expected, NetTopologySuite.Geometries.Geometry actual, double tolerance)
    {
        var a = Multi(expected).Copy();
        var b = Multi(actual).Copy();
        a.Normalize();
        b.Normalize();
        Assert.True(a.EqualsExact(b, tolerance), $"{a} != {b}");
    }

    private static MultiPolygon Multi(NetTopologySuite.Geometries.Geometry g) => g as MultiPolygon ?? g.Factory.CreateMultiPolygon([(Polygon)g]);

    private static Dictionary<long, (NetTopologySuite.Geometries.Geometry Geometry, string Prompt)> ParquetRows(string path)
    {
        using var reader = new ParquetFileReader(path);
        var schema = reader.FileMetaData.Schema;
        var rows = new Dictionary<long, (NetTopologySuite.Geometries.Geometry, string)>();
        var wkb = new WKBReader();
        for (int g = 0; g < reader.FileMetaData.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            int n = checked((int)group.MetaData.NumRows);
            using var ids = group.Column(schema.ColumnIndex("id")).LogicalReader<long>();
            using var geometries = group.Column(schema.ColumnIndex("geometry")).LogicalReader<byte[]>();
            using var prompts = group.Column(schema.ColumnIndex("prompt")).LogicalReader<string>();
            var idList = ids.ReadAll(n);
            var geometryList = geometries.ReadAll(n);
            var promptList = prompts.ReadAll(n);
            for (int i = 0; i < n; i++)
            {
                rows.Add(idList[i], (wkb.Read(geometryList[i]), promptList[i]));
            }
        }

        return rows;
    }

    private static int? ParquetCrsCode(string path)
    {
        using var reader = new ParquetFileReader(path);
        var geo = JsonDocument.Parse(reader.FileMetaData.KeyValueMetadata["geo"]).RootElement;
        var crs = geo.GetProperty("columns").GetProperty("geometry").GetProperty("crs");
        return crs.ValueKind == JsonValueKind.Null ? null : crs.GetProperty("id").GetProperty("code").GetInt32();
    }

    private static ProcessResult Sam3r(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), .. args], TimeSpan.FromMinutes(4));
}
