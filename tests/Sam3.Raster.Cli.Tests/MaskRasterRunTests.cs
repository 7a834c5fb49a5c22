using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using ParquetSharp;
using Sam3.Inference.ContractModels;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// <c>sam3r run</c> with a <c>.tif</c> output beside GeoParquet, through the real models: the mask
/// raster read back by GDAL's own tools matches the vector features of the same job, id for id.
/// </summary>
public sealed class MaskRasterRunTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    private static readonly string[] Colours = ["red", "green", "blue"];

    [Fact]
    public void The_colour_model_mask_raster_holds_each_feature_id_over_exactly_the_feature_area()
    {
        using var temp = new TempDirectory("sam3r-mask-run");
        var run = Sam3r(["run", "--input", scene.ScenePath, .. Colours.SelectMany(c => new[] { "--prompt", c }), "--model", scene.ModelPath,
            "--out", temp.File("out.parquet"), "--out", temp.File("out.tif")]);
        Assert.True(run.ExitCode == 0, run.StdErr);

        var info = MaskRasterReadback.Info(temp.File("out.tif"));
        Assert.Equal([scene.Scene.Width, scene.Scene.Height], info.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(SyntheticScene.Transform.ToGdal(), info.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Contains($"\"EPSG\",{SyntheticScene.Epsg}]]", info.GetProperty("coordinateSystem").GetProperty("wkt").GetString()!.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("COG", info.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE").GetProperty("LAYOUT").GetString());
        var bands = info.GetProperty("bands").EnumerateArray().ToList();
        Assert.Equal(Colours, bands.Select(b => b.GetProperty("description").GetString()));
        Assert.All(bands, b => Assert.Equal("UInt32", b.GetProperty("type").GetString()));
        Assert.All(bands, b => Assert.True(b.GetProperty("overviews").GetArrayLength() >= 2));

        var features = JobFeatures.Read(temp.File("out.parquet"));
        double pixelArea = SyntheticScene.Transform.PixelArea;
        for (int b = 0; b < Colours.Length; b++)
        {
            var counts = MaskRasterReadback.CountsById(MaskRasterReadback.Band(temp, temp.File("out.tif"), b + 1));
            var ofPrompt = features.Where(f => f.Prompt == Colours[b]).ToList();
            Assert.Equal(scene.Scene.ObjectsOf(Colours[b]).Count(), ofPrompt.Count);

            // Exact pixel outlines, disjoint within a prompt: every feature's pixels are its area.
            Assert.Equal(ofPrompt.ToDictionary(f => (uint)f.Id, f => (long)Math.Round(f.Area / pixelArea)), counts);
        }
    }

    [Fact]
    public void An_instance_job_of_two_scenes_writes_a_raster_per_scene_whose_ids_are_that_scenes_features()
    {
        using var temp = new TempDirectory("sam3r-mask-instances");
        string model = temp.File("instances.onnx");
        ContractModelFactory.WriteInstanceModel(model);
        var blocks = SyntheticScene.Blocks();
        string north = blocks.Write(temp.File("north.tif")), south = blocks.Write(temp.File("south.tif"));
        var run = Sam3r(["run", "--input", north, "--input", south, "--prompt", "red", "--model", model,
            "--out", temp.File("out.parquet"), "--out", temp.File("out.tif")]);
        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.False(File.Exists(temp.File("out.tif")));

        var features = JobFeatures.Read(temp.File("out.parquet"));
        double pixelArea = SyntheticScene.Transform.PixelArea;
        foreach (var (path, raster) in new[] { (north, "out-north.tif"), (south, "out-south.tif") })
        {
            var ofScene = features.Where(f => f.Scene == path).ToList();
            Assert.Equal(blocks.ObjectsOf("red").Count(), ofScene.Count);
            var counts = MaskRasterReadback.CountsById(MaskRasterReadback.Band(temp, temp.File(raster), 1));

            // Every id burnt is one of this scene's features; instance masks may overlap (SAM3's do),
            // so a feature keeps at most its area, and together they cover exactly their union.
            Assert.Subset(ofScene.Select(f => (uint)f.Id).ToHashSet(), counts.Keys.ToHashSet());
            Assert.All(counts, c => Assert.InRange(c.Value, 1, Math.Round(ofScene.Single(f => f.Id == c.Key).Area / pixelArea)));
            double union = NetTopologySuite.Operation.Union.UnaryUnionOp.Union(ofScene.Select(f => f.Geometry).ToList()).Area;
            Assert.Equal((long)Math.Round(union / pixelArea), counts.Values.Sum());
        }
    }

    private static ProcessResult Sam3r(string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), .. args], TimeSpan.FromMinutes(4));

    /// <summary>The features of a job's GeoParquet output, read with ParquetSharp.</summary>
    private sealed record JobFeatures(long Id, string Prompt, string Scene, double Area, NetTopologySuite.Geometries.Geometry Geometry)
    {
        public static List<JobFeatures> Read(string path)
        {
            using var reader = new ParquetFileReader(path);
            var schema = reader.FileMetaData.Schema;
            var wkb = new WKBReader();
            var rows = new List<JobFeatures>();
            for (int g = 0; g < reader.FileMetaData.NumRowGroups; g++)
            {
                using var group = reader.RowGroup(g);
                int n = checked((int)group.MetaData.NumRows);
                T[] Column<T>(string name)
                {
                    using var column = group.Column(schema.ColumnIndex(name)).LogicalReader<T>();
                    return column.ReadAll(n);
                }

                var ids = Column<long>("id");
                var prompts = Column<string>("prompt");
                var scenes = Column<string>("scene");
                var areas = Column<double>("area");
                var geometries = Column<byte[]>("geometry");
                rows.AddRange(ids.Select((id, i) => new JobFeatures(id, prompts[i], scenes[i], areas[i], wkb.Read(geometries[i]))));
            }

            return rows;
        }
    }
}
