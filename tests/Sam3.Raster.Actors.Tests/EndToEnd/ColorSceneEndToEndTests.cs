using NetTopologySuite.Geometries;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>
/// The whole pipeline (GDAL reads, ONNX Runtime with the colour model, vectorizing, seam merging,
/// GeoParquet) on the synthetic scene: objects across one, two and three seams, a ring with a hole,
/// objects on the scene edges and a nodata corner.
/// </summary>
public sealed class ColorSceneEndToEndTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    private const int Tolerance = 4;

    [Fact]
    public async Task Prompt_red_finds_exactly_one_feature_per_red_object_and_none_for_blue()
    {
        using var temp = new TempDirectory("sam3r-e2e-red");
        var spec = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, temp.Path, ["red"]);
        var (final, _) = await PipelineRun.RunAsync(spec, temp.File("state.db"), PipelineSettings.Default);

        Assert.Equal(JobStatus.Completed, final.Status);
        Assert.Equal(16, final.TilesTotal);
        Assert.Equal(1, final.TilesEmpty);
        var features = PipelineRun.Features(spec.Outputs[0]);
        AssertOnePerObject(features, "red");
        Assert.Equal(scene.Scene.ObjectsOf("red").Count(), final.Result!.FeaturesPerPrompt.Single().Features);
        Assert.True(File.Exists(spec.Outputs[1]));
    }

    [Theory]
    [InlineData(128, 4)]
    [InlineData(64, 1)]
    [InlineData(256, 8)]
    public async Task Red_and_blue_features_carry_their_prompt_whatever_the_overlap_and_batch(int overlap, int batch)
    {
        using var temp = new TempDirectory("sam3r-e2e-rb");
        var spec = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, temp.Path, ["red", "blue"], overlap);
        var settings = PipelineSettings.Default with { Batch = batch, MaxInFlightTiles = Math.Max(4, 2 * batch) };
        var (final, _) = await PipelineRun.RunAsync(spec, temp.File("state.db"), settings);

        Assert.Equal(JobStatus.Completed, final.Status);
        var features = PipelineRun.Features(spec.Outputs[0]);
        AssertOnePerObject(features, "red");
        AssertOnePerObject(features, "blue");
        Assert.Equal(features.Count, scene.Scene.ObjectsOf("red").Count() + scene.Scene.ObjectsOf("blue").Count());
    }

    private void AssertOnePerObject(IReadOnlyList<(string Prompt, PixelWindow Bounds, NetTopologySuite.Geometries.Geometry Geometry)> features, string color)
    {
        var truth = scene.Scene.ObjectsOf(color).ToList();
        var mine = features.Where(f => f.Prompt == color).ToList();
        Assert.Equal(truth.Count, mine.Count);
        foreach (var obj in truth)
        {
            var matches = mine.Where(f => Near(f.Bounds, obj.Bounds)).ToList();
            Assert.True(matches.Count == 1, $"{color} {obj.Shape} at {obj.Bounds}: {matches.Count} features within {Tolerance} px; features: {string.Join(", ", mine.Select(m => m.Bounds))}");
            var geometry = matches[0].Geometry;
            Assert.True(geometry.IsValid);
            if (obj.Shape == ObjectShape.Ring)
            {
                var polygon = Assert.IsType<Polygon>(geometry);
                Assert.Equal(1, polygon.NumInteriorRings);
            }
        }
    }

    private static bool Near(PixelWindow a, PixelWindow b) =>
        Math.Abs(a.Col - b.Col) <= Tolerance && Math.Abs(a.Row - b.Row) <= Tolerance
        && Math.Abs(a.Right - b.Right) <= Tolerance && Math.Abs(a.Bottom - b.Bottom) <= Tolerance;
}
