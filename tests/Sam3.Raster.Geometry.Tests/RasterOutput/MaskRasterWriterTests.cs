using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Geometry.Tests.RasterOutput;

public sealed class MaskRasterWriterTests
{
    private static readonly string[] Prompts = ["building", "swimming pool"];

    /// <summary>
    /// Stars with holes, two-part multipolygons and one polygon larger than the scene (with a hole
    /// of its own), all with fractional vertices and many across block edges; no two of one prompt
    /// overlap, so gdal_rasterize's order-dependent overlaps cannot differ from ours.
    /// </summary>
    private static List<OutputFeature> Features(string scene)
    {
        var random = new Random(17);
        var f = MaskScenes.Factory;
        var features = new List<OutputFeature>();
        long id = 1;
        for (double cy = 40; cy < 700; cy += 90)
        {
            for (double cx = 40; cx < 1300; cx += 90)
            {
                var shell = f.CreateLinearRing(MaskScenes.Star(random, cx + random.NextDouble(), cy + random.NextDouble(), 20, 44, 9 + random.Next(20)));
                NetTopologySuite.Geometries.Geometry g = random.Next(3) switch
                {
                    0 => f.CreatePolygon(shell, [f.CreateLinearRing(MaskScenes.Star(random, cx, cy, 5, 12, 7).Reverse().ToArray())]),
                    1 => f.CreateMultiPolygon([
                        f.CreatePolygon(MaskScenes.Star(random, cx - 22.3, cy, 4, 14, 6)),
                        f.CreatePolygon(MaskScenes.Star(random, cx + 22.6, cy + 3.1, 4, 14, 8))]),
                    _ => f.CreatePolygon(shell),
                };
                features.Add(MaskScenes.Detection(id++, g, Prompts[0], 0.5 + (random.NextDouble() / 2), scene));
            }
        }

        var big = f.CreatePolygon(
            f.CreateLinearRing([new(-80.25, -40.5), new(1420.75, 30.2), new(1350.4, 760.6), new(300.3, 820.1), new(-80.25, -40.5)]),
            [f.CreateLinearRing(MaskScenes.Star(random, 640.3, 380.7, 150, 330, 41).Reverse().ToArray())]);
        features.Add(MaskScenes.Detection(id, big, Prompts[1], 0.8, scene));
        return features;
    }

    private static string WriteMask(TempDirectory dir, string name, IEnumerable<OutputFeature> features, params OutputScene[] scenes)
    {
        string path = dir.File(name);
        using var writer = FeatureOutputs.Open(path, MaskScenes.Context(Prompts, scenes.Length > 0 ? scenes : [MaskScenes.Scene("scene.tif")]));
        foreach (var feature in features)
        {
            writer.Write(feature);
        }

        writer.Commit();
        return path;
    }

    [Fact]
    public void Every_band_matches_gdal_rasterize_of_the_same_features_pixel_for_pixel()
    {
        using var dir = new TempDirectory();
        var features = Features("scene.tif");
        string mask = WriteMask(dir, "mask.tif", features);

        // The same features through OGR's CSV driver (WKT geometry) and gdal_rasterize onto the scene's grid.
        string csv = dir.File("features.csv");
        var wkt = new WKTWriter { MaxCoordinatesPerLine = int.MaxValue };
        var lines = features.Select(x => string.Create(CultureInfo.InvariantCulture, $"\"{wkt.Write(x.Geometry)}\",{x.Attributes[0]},{x.Attributes[1]}"));
        File.WriteAllLines(csv, ["WKT,id,prompt", .. lines], Encoding.ASCII);
        File.WriteAllText(Path.ChangeExtension(csv, ".csvt"), "\"WKT\",\"Integer64\",\"String\"");
        for (int b = 0; b < Prompts.Length; b++)
        {
            string reference = dir.File($"reference-{b + 1}.tif");
            ProcessRunner.RunChecked("gdal_rasterize", "-q", "-a", "id", "-where", $"prompt = '{Prompts[b]}'", "-ot", "UInt32", "-init", "0",
                "-te", "290000", $"{9120000 - (700 * 30)}", $"{290000 + (1300 * 30)}", "9120000", "-ts", "1300", "700", csv, reference);
            var ours = MaskRasterReadback.Band(dir, mask, b + 1);
            var theirs = MaskRasterReadback.Band(dir, reference, 1);
            Assert.Equal(theirs.Length, ours.Length);
            int differing = ours.Where((v, i) => v != theirs[i]).Count();
            Assert.True(differing == 0, $"band {b + 1}: {differing} of {ours.Length} pixels differ from gdal_rasterize");
            Assert.True(theirs.Count(v => v != 0) > 10000, $"band {b + 1} burns too little to compare");
        }
    }

    [Fact]
    public void The_raster_is_a_tiled_compressed_UInt32_COG_with_overviews_on_the_scene_grid_one_described_band_per_prompt()
    {
        using var dir = new TempDirectory();
        string mask = WriteMask(dir, "mask.tif", Features("scene.tif"));

        var info = MaskRasterReadback.Info(mask);
        Assert.Equal("GTiff", info.GetProperty("driverShortName").GetString());
        Assert.Equal([1300, 700], info.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(MaskScenes.Transform.ToGdal(), info.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Contains("\"EPSG\",31985", info.GetProperty("coordinateSystem").GetProperty("wkt").GetString()!.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var structure = info.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE");
        Assert.Equal("COG", structure.GetProperty("LAYOUT").GetString());
        Assert.Contains(structure.GetProperty("COMPRESSION").GetString(), new[] { "ZSTD", "DEFLATE" });
        var bands = info.GetProperty("bands").EnumerateArray().ToList();
        Assert.Equal(Prompts, bands.Select(b => b.GetProperty("description").GetString()));
        foreach (var band in bands)
        {
            Assert.Equal("UInt32", band.GetProperty("type").GetString());
            Assert.Equal([512, 512], band.GetProperty("block").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(0, band.GetProperty("noDataValue").GetDouble());
            Assert.Equal([[650, 350], [325, 175]], band.GetProperty("overviews").EnumerateArray().Select(o => o.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()).ToArray()));
        }

        // The COG is complete in itself: no sidecar, no staging or temporary file left.
        Assert.Equal(["mask.tif"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Where_features_of_one_prompt_overlap_the_higher_score_wins_and_on_equal_scores_the_higher_id()
    {
        using var dir = new TempDirectory();
        var features = new List<OutputFeature>
        {
            MaskScenes.Detection(1, MaskScenes.Square(10, 10, 20), Prompts[0], 0.9, "scene.tif"),
            MaskScenes.Detection(2, MaskScenes.Square(20, 20, 20), Prompts[0], 0.6, "scene.tif"),
            MaskScenes.Detection(3, MaskScenes.Square(100, 100, 20), Prompts[0], 0.7, "scene.tif"),
            MaskScenes.Detection(4, MaskScenes.Square(110, 100, 20), Prompts[0], 0.7, "scene.tif"),
            MaskScenes.Detection(5, MaskScenes.Square(15, 15, 20), Prompts[1], 0.1, "scene.tif"),
        };
        string mask = WriteMask(dir, "mask.tif", features);

        var band1 = MaskRasterReadback.CountsById(MaskRasterReadback.Band(dir, mask, 1));
        Assert.Equal(new Dictionary<uint, long> { [1] = 400, [2] = 400 - 100, [3] = 200, [4] = 400 }, band1);

        // Another prompt's band is another layer: its feature is whole there.
        Assert.Equal(new Dictionary<uint, long> { [5] = 400 }, MaskRasterReadback.CountsById(MaskRasterReadback.Band(dir, mask, 2)));
    }

    [Fact]
    public void The_same_features_in_another_order_give_the_same_bytes()
    {
        using var dir = new TempDirectory();
        var features = Features("scene.tif");
        string first = WriteMask(dir, "first.tif", features);
        string shuffled = WriteMask(dir, "shuffled.tif", features.OrderBy(f => f.Geometry.Centroid.X * 7919 % 13));

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(shuffled));
    }

    [Fact]
    public void Several_scenes_write_one_raster_each_on_its_own_grid_named_after_the_scene()
    {
        using var dir = new TempDirectory();
        OutputScene[] scenes = [MaskScenes.Scene("/data/a/west.tif", 600, 400), MaskScenes.Scene("/data/b/east.tif", 900, 300), MaskScenes.Scene("/data/c/West.TIF", 100, 100)];
        var features = new[]
        {
            MaskScenes.Detection(1, MaskScenes.Square(10, 10, 30), Prompts[0], 0.9, scenes[0].Path),
            MaskScenes.Detection(2, MaskScenes.Square(50, 50, 10), Prompts[1], 0.9, scenes[1].Path),
            MaskScenes.Detection(3, MaskScenes.Square(0, 0, 5), Prompts[0], 0.9, scenes[2].Path),
        };
        WriteMask(dir, "out.tif", features, scenes);

        Assert.Equal(["out-West-3.tif", "out-east.tif", "out-west-1.tif"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var west = dir.File("out-west-1.tif");
        Assert.Equal([600, 400], MaskRasterReadback.Info(west).GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(new Dictionary<uint, long> { [1] = 900 }, MaskRasterReadback.CountsById(MaskRasterReadback.Band(dir, west, 1)));
        Assert.Empty(MaskRasterReadback.CountsById(MaskRasterReadback.Band(dir, west, 2)));
        string east = dir.File("out-east.tif");
        Assert.Equal([900, 300], MaskRasterReadback.Info(east).GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(new Dictionary<uint, long> { [2] = 100 }, MaskRasterReadback.CountsById(MaskRasterReadback.Band(dir, east, 2)));
        Assert.Equal(new Dictionary<uint, long> { [3] = 25 }, MaskRasterReadback.CountsById(MaskRasterReadback.Band(dir, dir.File("out-West-3.tif"), 1)));
    }

    [Fact]
    public void Nothing_is_visible_before_commit_and_an_uncommitted_writer_leaves_no_file()
    {
        using var dir = new TempDirectory();
        using (var writer = FeatureOutputs.Open(dir.File("mask.tif"), MaskScenes.Context(Prompts, MaskScenes.Scene("scene.tif"))))
        {
            writer.Write(MaskScenes.Detection(1, MaskScenes.Square(10, 10, 30), Prompts[0], 0.9, "scene.tif"));
            Assert.Empty(Directory.GetFiles(dir.Path));
        }

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_mask_raster_outside_a_job_or_a_feature_of_an_unknown_scene_is_an_error_naming_the_output()
    {
        using var dir = new TempDirectory();
        string path = dir.File("mask.tif");
        var outsideJob = Assert.Throws<ArgumentException>(() => FeatureOutputs.Open(path, FeatureSchema.PixelValues, MaskScenes.Crs));
        Assert.Contains(path, outsideJob.Message, StringComparison.Ordinal);

        using var writer = FeatureOutputs.Open(path, MaskScenes.Context(Prompts, MaskScenes.Scene("scene.tif")));
        var unknown = Assert.Throws<ArgumentException>(() => writer.Write(MaskScenes.Detection(1, MaskScenes.Square(0, 0, 3), Prompts[0], 0.5, "other.tif")));
        Assert.Contains("other.tif", unknown.Message, StringComparison.Ordinal);
    }
}
