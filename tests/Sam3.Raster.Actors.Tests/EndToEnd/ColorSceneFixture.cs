using Sam3.Inference.ContractModels;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>The standard synthetic scene and the colour model, written once for a test class.</summary>
public sealed class ColorSceneFixture : IDisposable
{
    private readonly TempDirectory temp = new("sam3r-e2e");

    public ColorSceneFixture()
    {
        Scene = SyntheticScene.Standard();
        ScenePath = Scene.Write(temp.File("scene.tif"));
        ModelPath = temp.File("color.onnx");
        ContractModelFactory.WriteColorModel(ModelPath);
    }

    public SyntheticScene Scene { get; }

    public string ScenePath { get; }

    public string ModelPath { get; }

    public void Dispose() => temp.Dispose();
}
