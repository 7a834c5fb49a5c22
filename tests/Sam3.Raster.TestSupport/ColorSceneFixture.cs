using Sam3.Inference.ContractModels;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.TestSupport;

/// <summary>The standard synthetic scene and the colour model as files, written once for a test class.</summary>
public sealed class ColorSceneFixture : IDisposable
{
    private readonly TempDirectory temp = new("sam3r-color-scene");

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
