using Sam3.Inference.ContractModels;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Tests.EndToEnd;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Cluster;

/// <summary>
/// A 4000 px scene (25 tiles) with the heavy model (a few hundred ms a tile on CPU, time enough to
/// kill a node mid-job), and the output of a one-node run of it to compare cluster runs with.
/// </summary>
public sealed class HeavySceneFixture : IAsyncLifetime
{
    private readonly TempDirectory temp = new("sam3r-cluster-heavy");

    public string ScenePath { get; private set; } = "";

    public string ModelPath { get; private set; } = "";

    /// <summary>The GeoJSON written by the embedded one-node run.</summary>
    public string ReferenceGeoJson { get; private set; } = "";

    public int Tiles { get; private set; }

    public int EmptyTiles { get; private set; }

    public static string[] Prompts => ["red", "blue"];

    public async ValueTask InitializeAsync()
    {
        ScenePath = SyntheticScene.Scaled(4000).Write(temp.File("scene.tif"));
        ModelPath = temp.File("heavy.onnx");
        ContractModelFactory.WriteHeavyModel(ModelPath);
        var folder = temp.File("reference");
        var spec = PipelineRun.Spec(ScenePath, ModelPath, folder, Prompts);
        var (final, _) = await PipelineRun.RunAsync(spec, temp.File("reference.db"), ClusterRuns.Settings);
        Assert.Equal(JobStatus.Completed, final.Status);
        ReferenceGeoJson = await File.ReadAllTextAsync(spec.Outputs[1]);
        Tiles = final.TilesTotal;
        EmptyTiles = final.TilesEmpty;
    }

    public ValueTask DisposeAsync()
    {
        temp.Dispose();
        return ValueTask.CompletedTask;
    }
}
