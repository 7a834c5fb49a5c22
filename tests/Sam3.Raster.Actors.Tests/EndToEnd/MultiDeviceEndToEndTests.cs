using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>
/// A node with several inference devices runs one GPU actor per device. Two CPU sessions stand in
/// for two GPUs: the features must not depend on how many devices ran them, and every device must
/// have run model batches.
/// </summary>
public sealed class MultiDeviceEndToEndTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task Two_devices_give_the_features_of_one_and_both_run_batches()
    {
        using var temp = new TempDirectory("sam3r-e2e-devices");
        var (oneFeatures, one) = await RunAsync(temp, "one", "cpu");
        var (twoFeatures, two) = await RunAsync(temp, "two", "cpu,cpu");

        Assert.True(Assert.Single(one.Devices).BatchesRun > 0);
        Assert.Equal(2, two.Devices.Count);
        Assert.All(two.Devices, d => Assert.True(d.BatchesRun > 0, $"a device ran no batches: {string.Join(", ", two.Devices.Select(x => x.BatchesRun))}"));

        Assert.NotEmpty(oneFeatures);
        Assert.Equal(oneFeatures, twoFeatures);
    }

    private async Task<(IReadOnlyList<(string Prompt, string Wkt)> Features, PipelineResources Resources)> RunAsync(TempDirectory temp, string name, string devices)
    {
        string folder = temp.File(name);
        Directory.CreateDirectory(folder);
        var spec = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, folder, ["red", "blue"]);
        var (final, resources) = await PipelineRun.RunAsync(spec, Path.Combine(folder, "state.db"), PipelineSettings.Default with { Device = devices });

        Assert.Equal(JobStatus.Completed, final.Status);
        return ([.. PipelineRun.Features(spec.Outputs[0]).Select(f => (f.Prompt, f.Geometry.AsText()))], resources);
    }
}
