using System.Text.Json;
using Sam3.Inference.ContractModels;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Tests.EndToEnd;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Cluster;

/// <summary>A job of several scenes on the 3-node cluster: tiles of every scene spread over the gpu nodes, one output with every scene's features.</summary>
public sealed class MultiSceneClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_job_of_two_scenes_writes_both_scenes_features_as_one_node_does()
    {
        using var temp = new TempDirectory("sam3r-cluster-scenes");
        string[] scenes = [SyntheticScene.Standard().Write(temp.File("a.tif")), SyntheticScene.Standard().Write(temp.File("b.tif"))];
        string model = temp.File("color.onnx");
        ContractModelFactory.WriteColorModel(model);
        JobSpec Spec(string folder) => PipelineRun.Spec(scenes[0], model, temp.File(folder), ["red", "blue"]) with { Scenes = scenes };

        var reference = Spec("reference");
        var (one, _) = await PipelineRun.RunAsync(reference, temp.File("reference.db"), ClusterRuns.Settings);
        Assert.Equal(JobStatus.Completed, one.Status);

        await using var cluster = await TestCluster.StartAsync(temp.File("state.db"), ClusterRuns.Settings);
        var spec = Spec("cluster");
        var id = JobId.For(spec);
        Assert.Equal(JobCommandOutcome.Accepted, (await cluster.StartJob(spec)).Outcome);
        var final = await cluster.WaitFor(id);
        Assert.True(final.Status == JobStatus.Completed, final.FailureReason);
        Assert.Equal(2, final.SceneCount);
        Assert.Equal(one.TilesTotal, final.TilesTotal);
        output.WriteLine($"tiles per gpu node: {string.Join(", ", cluster.Workers.Select(w => w.Resources.Processed.Count))}");
        Assert.All(cluster.Workers, w => Assert.True(w.Resources.Processed.Count > 0));

        string geojson = await File.ReadAllTextAsync(spec.Outputs[1]);
        Assert.Equal(await File.ReadAllTextAsync(reference.Outputs[1]), geojson);
        using var doc = JsonDocument.Parse(geojson);
        var sceneOf = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("scene").GetString()).ToList();
        Assert.Equal(scenes, sceneOf.Distinct().Order());
        Assert.Equal(sceneOf.Count(s => s == scenes[0]), sceneOf.Count(s => s == scenes[1]));
    }
}
