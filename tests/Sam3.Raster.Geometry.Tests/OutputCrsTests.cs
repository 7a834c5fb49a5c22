using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Tests;

/// <summary>One output CRS (<c>--out-crs</c>), scenes in different CRSs and scenes without georeferencing.</summary>
public sealed class OutputCrsTests
{
    private static SceneCrs Epsg(int code)
    {
        using var srs = SpatialReference.FromEpsg(code);
        return SceneCrs.From(srs);
    }

    private static readonly SceneCrs Zone33 = Epsg(32633);
    private static readonly SceneCrs Zone32 = Epsg(32632);

    [Fact]
    public void Scenes_in_different_CRSs_need_an_output_CRS_for_the_formats_that_carry_one()
    {
        (string, SceneCrs)[] scenes = [("a.tif", Zone33), ("b.tif", Zone32), ("c.tif", Zone33)];

        Assert.Equal(
            "the scenes are in 2 different CRSs: EPSG:32633 (a.tif), EPSG:32632 (b.tif); pass --out-crs (e.g. --out-crs EPSG:4326) to write their features in one",
            OutputCrsRule.Problem(["o.geojson", "o.fgb"], scenes, outputCrsGiven: false));
        Assert.Null(OutputCrsRule.Problem(["o.parquet", "o.gpkg"], scenes, outputCrsGiven: true));

        // GeoJSON is lon/lat whatever the scenes; a mask raster stays on each scene's grid.
        Assert.Null(OutputCrsRule.Problem(["o.geojson", "masks.tif"], scenes, outputCrsGiven: false));
    }

    [Fact]
    public void A_scene_without_georeferencing_is_refused_for_GeoJSON_and_out_crs_and_warned_about_otherwise()
    {
        (string, SceneCrs)[] scenes = [("plain.png", SceneCrs.None)];

        Assert.StartsWith("plain.png has no georeferencing", OutputCrsRule.Problem(["o.parquet", "o.geojson"], scenes, false));
        Assert.Contains("the GeoJSON output o.geojson", OutputCrsRule.Problem(["o.parquet", "o.geojson"], scenes, false));
        Assert.Contains("--out-crs cannot reproject", OutputCrsRule.Problem(["o.gpkg"], scenes, true));
        Assert.Null(OutputCrsRule.Problem(["o.parquet", "o.fgb"], scenes, false));
        Assert.Equal(
            ["plain.png has no georeferencing: its features are written in pixel coordinates (crs null) to o.parquet, o.fgb"],
            OutputCrsRule.Warnings(["o.parquet", "o.fgb"], scenes));

        // Pixel and map coordinates cannot share one file.
        Assert.Contains("2 different CRSs: no CRS (plain.png), EPSG:32633 (a.tif)", OutputCrsRule.Problem(["o.parquet"], [.. scenes, ("a.tif", Zone33)], false));
    }

    [Fact]
    public void Out_crs_takes_an_EPSG_code_bare_or_prefixed_or_WKT_and_refuses_the_unknown_naming_the_option()
    {
        Assert.Equal("EPSG:4326", OutputCrsRule.Normalize(" 4326 "));
        Assert.Equal("EPSG:3857", OutputCrsRule.Normalize("EPSG:3857"));
        Assert.Equal(32633, OutputCrsRule.Resolve(OutputCrsRule.Normalize(Zone33.Wkt!)).Epsg);
        var unknown = Assert.Throws<ArgumentException>(() => OutputCrsRule.Normalize("EPSG:999999"));
        Assert.StartsWith("--out-crs: 'EPSG:999999' is not a CRS", unknown.Message);
        Assert.StartsWith("--out-crs: 'metres please'", Assert.Throws<ArgumentException>(() => OutputCrsRule.Normalize("metres please")).Message);
    }

    [Fact]
    public void A_writer_refuses_scenes_in_different_CRSs_without_an_output_CRS()
    {
        using var dir = new TempDirectory();
        var context = Context(null);
        var refused = Assert.Throws<ArgumentException>(() => FeatureOutputs.Open(dir.File("o.parquet"), context));
        Assert.Contains("--out-crs", refused.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Features_of_scenes_in_two_UTM_zones_land_in_their_own_zone_in_every_vector_output()
    {
        using var dir = new TempDirectory();
        var square = new GeometryFactory().ToGeometry(new Envelope(500000, 500100, 7000000, 7000100));
        OutputFeature[] features =
        [
            OutputFeature.Detection(1, square, "red", 0.9, "zone33.tif", 0, 0),
            OutputFeature.Detection(2, square, "red", 0.8, "zone32.tif", 0, 0),
        ];

        // GeoJSON needs no output CRS; the others get EPSG:4326.
        using (var writer = FeatureOutputs.OpenAll([dir.File("o.geojson"), dir.File("o.fgb"), dir.File("o.gpkg")], Context(Epsg(4326))))
        {
            foreach (var f in features)
            {
                writer.Write(f);
            }

            writer.Commit();
        }

        // ogr2ogr reprojects the same square from each zone: the outputs must agree with it.
        using var utm = new TempDirectory();
        var expected = new Dictionary<string, NetTopologySuite.Geometries.Geometry>();
        foreach (var (zone, code) in new[] { ("zone33.tif", 32633), ("zone32.tif", 32632) })
        {
            string csv = utm.File(zone + ".csv");
            File.WriteAllText(csv, $"WKT,n\n\"{square.AsText()}\",1\n");
            ProcessRunner.RunChecked("ogr2ogr", "-oo", "KEEP_GEOM_COLUMNS=NO", "-s_srs", $"EPSG:{code}", "-t_srs", "EPSG:4326", utm.File(zone + ".gpkg"), csv);
            expected[zone] = new WKTReader().Read(OgrReadBack.Rows(utm.File(zone + ".gpkg")).Single()["WKT"]);
        }

        foreach (var output in new[] { "o.geojson", "o.fgb", "o.gpkg" })
        {
            var rows = OgrReadBack.Rows(dir.File(output));
            Assert.Equal(2, rows.Count);
            foreach (var row in rows)
            {
                var g = new WKTReader().Read(row["WKT"]);
                var want = expected[row["scene"]];
                Assert.True(g.EnvelopeInternal.Centre.Distance(want.EnvelopeInternal.Centre) < 2e-7, $"{output} {row["scene"]}: {g} != {want}");
                Assert.Equal(1e4, double.Parse(row["area"], CultureInfo.InvariantCulture), 1e-9);
            }
        }
    }

    private static OutputContext Context(SceneCrs? outputCrs) => new(FeatureSchema.Detections, Zone33)
    {
        Scenes =
        [
            new OutputScene("zone33.tif", 10, 10, new GeoTransform(500000, 10, 0, 7000100, 0, -10), Zone33),
            new OutputScene("zone32.tif", 10, 10, new GeoTransform(500000, 10, 0, 7000100, 0, -10), Zone32),
        ],
        OutputCrs = outputCrs,
    };
}
