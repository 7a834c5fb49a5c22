using Sam3.Inference.ContractModels;
using Sam3.Raster.Cli.Commands;
using Sam3.Raster.Cli.Run;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Cli.Demo;

/// <summary>
/// Runs <c>sam3r demo</c>: a synthetic scene and a test model (colour, or instances on blocks of
/// touching buildings), the whole pipeline (the same
/// embedded cluster and the same path as <c>sam3r run</c>: <see cref="JobLauncher.Run"/>), GeoParquet +
/// GeoJSON outputs and a quicklook PNG.
/// </summary>
internal static class DemoRunner
{
    public static int Run(DemoCommand.DemoRequest request)
    {
        string folder = Path.GetFullPath(request.OutputFolder);
        RunPreflight.CheckWritableFolder(folder, folder);
        bool instances = request.Kind == "instances";
        var scene = instances ? SyntheticScene.Blocks()
            : SyntheticScene.Standard() is var standard && request.Size == standard.Width ? standard
            : SyntheticScene.Scaled(request.Size);

        Console.Error.WriteLine($"sam3r demo: writing a {scene.Width}×{scene.Height} scene and the {request.Kind} model to {folder}");
        string scenePath = scene.Write(Path.Combine(folder, "scene.tif"));
        string modelPath = Path.Combine(folder, $"{request.Kind}-model.onnx");
        if (instances)
        {
            ContractModelFactory.WriteInstanceModel(modelPath);
        }
        else
        {
            ContractModelFactory.WriteColorModel(modelPath);
        }

        var run = new RunRequest
        {
            Inputs = [scenePath],
            Prompts = instances ? ["red"] : ["red", "blue"],
            Outputs = [Path.Combine(folder, "features.parquet"), Path.Combine(folder, "features.geojson")],
            Model = modelPath,
            Settings = request.Settings,
            Json = request.Json,
        };
        int code = JobLauncher.Run(run);
        if (code != 0)
        {
            return code;
        }

        string quicklook = Quicklook.Write(scenePath, run.Outputs[0], Path.Combine(folder, "quicklook.png"), run.Prompts);
        if (!request.Json)
        {
            Console.Out.WriteLine($"  quicklook  {quicklook}");
            Console.Out.WriteLine($"  scene      {scenePath}");
            Console.Out.WriteLine($"  model      {modelPath}");
        }

        return 0;
    }
}
