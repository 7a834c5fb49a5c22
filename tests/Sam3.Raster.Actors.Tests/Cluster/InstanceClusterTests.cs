using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Tests.EndToEnd;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Cluster;

/// <summary>
/// Instance merging does not depend on where tiles ran or in what order their results came back:
/// the blocks of touching buildings through three nodes (two gpu nodes dealing the tiles between
/// them) give byte for byte what one embedded node gives.
/// </summary>
public sealed class InstanceClusterTests(InstanceSceneFixture scene) : IClassFixture<InstanceSceneFixture>
{
    [Fact]
    public async Task Touching_buildings_through_a_cluster_come_out_as_from_one_node()
    {
        using var temp = new TempDirectory("sam3r-cluster-instances");
        var single = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, temp.File("single"), ["red"]);
        var (alone, _) = await PipelineRun.RunAsync(single, temp.File("single.db"), PipelineSettings.Default);
        Assert.Equal(JobStatus.Completed, alone.Status);

        await using var cluster = await TestCluster.StartAsync(temp.File("state.db"), ClusterRuns.Settings);
        var spec = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, temp.File("cluster"), ["red"]);
        Assert.Equal(JobCommandOutcome.Accepted, (await cluster.StartJob(spec)).Outcome);
        var final = await cluster.WaitFor(JobId.For(spec));

        Assert.True(final.Status == JobStatus.Completed, final.FailureReason);
        Assert.Equal(scene.Scene.Objects.Count, PipelineRun.Features(spec.Outputs[0]).Count);
        Assert.Equal(await File.ReadAllTextAsync(single.Outputs[1]), await File.ReadAllTextAsync(spec.Outputs[1]));
    }
}
