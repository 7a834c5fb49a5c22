using System.Diagnostics;
using Sam3.Inference.ContractModels;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Bench;

/// <summary>The files the end-to-end benchmarks share, kept in /tmp/sam3r-fixtures between runs.</summary>
internal static class BenchFixtures
{
    private static string Folder
    {
        get
        {
            string fixtures = Path.Combine(Path.GetTempPath(), "sam3r-fixtures");
            Directory.CreateDirectory(fixtures);
            return fixtures;
        }
    }

    /// <summary>The synthetic scene of <paramref name="size"/>² px, written once.</summary>
    public static string Scene(int size)
    {
        string scene = Path.Combine(Folder, $"synthetic-{size}.tif");
        if (!File.Exists(scene))
        {
            var t = Stopwatch.StartNew();
            SyntheticScene.Scaled(size).Write(scene + ".tmp");
            File.Move(scene + ".tmp", scene);
            Console.Error.WriteLine($"scene {size}² written in {t.Elapsed.TotalSeconds:0} s");
        }

        return scene;
    }

    /// <summary>The heavy contract model (written each time: it is quick, and follows the factory).</summary>
    public static string HeavyModel()
    {
        string model = Path.Combine(Folder, "heavy.onnx");
        ContractModelFactory.WriteHeavyModel(model);
        return model;
    }
}
