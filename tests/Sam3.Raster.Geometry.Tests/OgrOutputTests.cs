using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Crs;

namespace Sam3.Raster.Geometry.Tests;

/// <summary>GeoPackage and FlatGeobuf outputs, read back by ogrinfo / ogr2ogr.</summary>
public sealed class OgrOutputTests
{
    private static readonly string[] Fields =
        ["id: Integer64", "prompt: String", "score: Real", "scene: String", "tile: Integer", "query: Integer", "area: Real"];

    private static void Write(string path, OutputContext context, IEnumerable<OutputFeature> features)
    {
        using var writer = FeatureOutputs.OpenAll([path], context);
        foreach (var f in features)
        {
            writer.Write(f);
        }

        writer.Commit();
    }

    private static MultiPolygon Multi(NetTopologySuite.Geometries.Geometry g) =>
        g as MultiPolygon ?? g.Factory.CreateMultiPolygon([(Polygon)g]);

    [Fact]
    public void GeoPackage_reads_back_in_ogrinfo_with_every_feature_the_attributes_the_scene_CRS_an_rtree_and_fids_equal_to_ids()
    {
        using var dir = new TempDirectory();
        var (features, crs) = OutputTests.LandsatFeatures(dir);
        string path = dir.File("landsat.gpkg");
        Write(path, new OutputContext(FeatureSchema.Detections, crs), features);

        string info = OgrReadBack.Summary(path);
        Assert.Contains("Layer name: landsat", info);
        Assert.Contains("Geometry: Multi Polygon", info);
        Assert.Contains($"Feature Count: {features.Count}", info);
        Assert.Contains("ID[\"EPSG\",31985]", info);
        Assert.Contains("Geometry Column = geometry", info);
        Assert.All(Fields, f => Assert.Contains(f, info));
        Assert.Equal("1", OgrReadBack.Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'rtree_landsat_geometry'"));
        Assert.Equal(features.Count.ToString(CultureInfo.InvariantCulture), OgrReadBack.Scalar(path, "SELECT count(*) FROM rtree_landsat_geometry"));
        Assert.Equal("0", OgrReadBack.Scalar(path, "SELECT count(*) FROM landsat WHERE fid <> id"));
        Assert.StartsWith("1970/01/01 00:00:00", OgrReadBack.Scalar(path, "SELECT last_change FROM gpkg_contents"));

        AssertSameFeatures(features, OgrReadBack.Rows(path));
    }

    [Fact]
    public void FlatGeobuf_reads_back_in_ogrinfo_with_every_feature_the_attributes_the_scene_CRS_and_a_spatial_index()
    {
        using var dir = new TempDirectory();
        var (features, crs) = OutputTests.LandsatFeatures(dir);
        string path = dir.File("landsat.fgb");
        Write(path, new OutputContext(FeatureSchema.Detections, crs), features);

        string info = OgrReadBack.Summary(path);
        Assert.Contains("Geometry: Multi Polygon", info);
        Assert.Contains($"Feature Count: {features.Count}", info);
        Assert.Contains("ID[\"EPSG\",31985]", info);
        Assert.All(Fields, f => Assert.Contains(f, info));
        Assert.Equal(16, OgrReadBack.FlatGeobufIndexNodeSize(path));

        // The index orders the features along a Hilbert curve: compare by id.
        AssertSameFeatures(features, OgrReadBack.Rows(path));

        // A window query answers exactly the features whose envelopes meet it.
        var all = new Envelope();
        features.ForEach(f => all.ExpandToInclude(f.Geometry.EnvelopeInternal));
        var window = new Envelope(all.MinX, all.MinX + (all.Width / 3), all.MinY, all.MinY + (all.Height / 3));
        int expected = features.Count(f => f.Geometry.EnvelopeInternal.Intersects(window));
        var spat = new[] { window.MinX, window.MinY, window.MaxX, window.MaxY }.Select(v => v.ToString("R", CultureInfo.InvariantCulture));
        Assert.Equal(expected, OgrReadBack.Rows(path, ["-spat", .. spat]).Count);
    }

    [Fact]
    public void FlatGeobuf_index_node_size_reads_zero_for_a_file_GDAL_wrote_without_an_index()
    {
        using var dir = new TempDirectory();
        var (features, crs) = OutputTests.LandsatFeatures(dir);
        string path = dir.File("indexed.fgb");
        Write(path, new OutputContext(FeatureSchema.Detections, crs), features.Take(20));
        ProcessRunner.RunChecked("ogr2ogr", "-f", "FlatGeobuf", "-lco", "SPATIAL_INDEX=NO", dir.File("plain.fgb"), path);
        Assert.Equal(0, OgrReadBack.FlatGeobufIndexNodeSize(dir.File("plain.fgb")));
    }

    [Fact]
    public void The_same_features_give_byte_identical_files_whenever_they_are_written()
    {
        using var dir = new TempDirectory();
        var (features, crs) = OutputTests.LandsatFeatures(dir);
        var context = new OutputContext(FeatureSchema.Detections, crs);
        foreach (var ext in new[] { ".gpkg", ".fgb" })
        {
            string path = dir.File("out" + ext);
            Write(path, context, features);
            var first = File.ReadAllBytes(path);

            // A later second: a timestamp taken from the clock would differ.
            Thread.Sleep(1100);
            Write(path, context, features);
            Assert.Equal(first, File.ReadAllBytes(path));
        }
    }

    [Fact]
    public void A_failed_write_leaves_no_file_no_journal_and_keeps_the_previous_one()
    {
        using var dir = new TempDirectory();
        var (features, crs) = OutputTests.LandsatFeatures(dir);
        var context = new OutputContext(FeatureSchema.Detections, crs);
        var bad = new OutputFeature(features[0].Geometry, ["p", "not a number", "s", 1, 2, 6.0]);
        foreach (var ext in new[] { ".gpkg", ".fgb" })
        {
            string path = dir.File("out" + ext);
            Write(path, context, features.Take(3));
            var before = File.ReadAllBytes(path);
            Assert.ThrowsAny<ArgumentException>(() => Write(path, context, features.Take(5).Append(bad)));
            Assert.Equal(before, File.ReadAllBytes(path));
        }

        Assert.Equal(["out.fgb", "out.gpkg"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Where(n => n!.StartsWith("out", StringComparison.Ordinal) || n.StartsWith('.')).Order());
    }

    [Fact]
    public void Pixel_coordinates_are_written_without_a_CRS()
    {
        using var dir = new TempDirectory();
        var f = OutputFeature.Detection(7, new GeometryFactory().ToGeometry(new Envelope(0, 2, 0, 3)), "p", 0.9, "plain.png", 1, 2);
        foreach (var ext in new[] { ".gpkg", ".fgb" })
        {
            string path = dir.File("pixels" + ext);
            Write(path, new OutputContext(FeatureSchema.Detections, SceneCrs.None), [f]);
            string info = OgrReadBack.Summary(path);
            Assert.Contains("Feature Count: 1", info);
            // GeoPackage: its "undefined" SRS; FlatGeobuf: none.
            Assert.True(info.Contains("Layer SRS WKT:\n(unknown)", StringComparison.Ordinal) || info.Contains("Undefined geographic SRS", StringComparison.Ordinal), info);
            Assert.Equal("7", OgrReadBack.Rows(path).Single()["id"]);
        }
    }

    private static void AssertSameFeatures(List<OutputFeature> expected, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Assert.Equal(expected.Count, rows.Count);
        var byId = expected.ToDictionary(f => (long)f.Attributes[0]);
        var wkt = new WKTReader();
        foreach (var row in rows)
        {
            var f = byId[long.Parse(row["id"], CultureInfo.InvariantCulture)];
            Assert.Equal((string)f.Attributes[1], row["prompt"]);
            Assert.Equal((double)f.Attributes[2], double.Parse(row["score"], CultureInfo.InvariantCulture), 1e-12);
            Assert.Equal((string)f.Attributes[3], row["scene"]);
            Assert.Equal(((int)f.Attributes[4]).ToString(CultureInfo.InvariantCulture), row["tile"]);
            Assert.Equal(((int)f.Attributes[5]).ToString(CultureInfo.InvariantCulture), row["query"]);
            Assert.Equal((double)f.Attributes[6], double.Parse(row["area"], CultureInfo.InvariantCulture), 1e-6);
            var g = wkt.Read(row["WKT"]);
            Assert.IsType<MultiPolygon>(g);
            var want = Multi(f.Geometry).Copy();
            want.Normalize();
            g.Normalize();
            Assert.True(g.EqualsExact(want, 1e-6), $"feature {row["id"]} differs: {g} / {want}");
        }
    }
}
