using Sam3.Inference.ContractModels;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>The blocks scene and the instance model (plain, and with near-duplicate queries), written once for a test class.</summary>
public sealed class InstanceSceneFixture : IDisposable
{
    private readonly TempDirectory temp = new("sam3r-e2e-instances");

    public InstanceSceneFixture()
    {
        Scene = SyntheticScene.Blocks();
        ScenePath = Scene.Write(temp.File("blocks.tif"));
        int shades = Scene.Objects.Count + 3;
        ModelPath = temp.File("instances.onnx");
        ContractModelFactory.WriteInstanceModel(ModelPath, queries: shades);
        DuplicatesModelPath = temp.File("instances-dup.onnx");
        ContractModelFactory.WriteInstanceModel(DuplicatesModelPath, queries: 2 * shades, duplicates: true);
    }

    public SyntheticScene Scene { get; }

    public string ScenePath { get; }

    public string ModelPath { get; }

    public string DuplicatesModelPath { get; }

    public void Dispose() => temp.Dispose();
}
