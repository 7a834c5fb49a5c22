using Sam3.Inference.ContractModels;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

public sealed class BackpressureTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task A_slow_model_never_lets_read_patches_exceed_the_in_flight_bound()
    {
        using var temp = new TempDirectory("sam3r-backpressure");
        string heavy = temp.File("heavy.onnx");
        ContractModelFactory.WriteHeavyModel(heavy, queries: 200); // SAM3's query count: 66 MB of masks per (image, prompt)
        var spec = PipelineRun.Spec(scene.ScenePath, heavy, temp.Path, ["red"]);

        // Reading a patch takes milliseconds, the heavy model on CPU hundreds: without the credit
        // window the readers would run through the whole scene while the model works.
        var settings = PipelineSettings.Default with { MaxInFlightTiles = 3, Batch = 2, Readers = 2 };
        var (final, resources) = await PipelineRun.RunAsync(spec, temp.File("state.db"), settings);

        Assert.Equal(JobStatus.Completed, final.Status);
        Assert.Equal(15, final.TilesDone - final.TilesEmpty);
        Assert.InRange(resources.Patches.PeakInUse, 1, 3);
        Assert.Equal(0, resources.Patches.InUse);
    }
}
