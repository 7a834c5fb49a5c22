using System.Text.Json;
using Sam3.Inference.ContractModels;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// A 4000 px scene (25 tiles) with the heavy model (a few hundred ms a tile on CPU, time enough to
/// kill a node mid-job), and the output of a one-node <c>sam3r run</c> of it to compare cluster runs with.
/// </summary>
public sealed class HeavySceneFixture : IDisposable
{
    private readonly TempDirectory temp = new("sam3r-cli-heavy");

    public HeavySceneFixture()
        : this(4000)
    {
    }

    /// <summary>A scene of <paramref name="size"/>² px (the fault tests take a longer job: <see cref="Faults.FaultSceneFixture"/>).</summary>
    internal HeavySceneFixture(int size)
    {
        ScenePath = SyntheticScene.Scaled(size).Write(temp.File("scene.tif"));
        ModelPath = temp.File("heavy.onnx");
        ContractModelFactory.WriteHeavyModel(ModelPath);
        string reference = temp.File("reference.geojson");
        var run = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), "run", "--input", ScenePath, "--prompt", "red", "--prompt", "blue", "--out", reference, "--model", ModelPath, "--json"],
            TimeSpan.FromMinutes(5));
        Assert.True(run.ExitCode == 0, run.StdErr);
        ReferenceGeoJson = File.ReadAllText(reference);
        using var summary = JsonDocument.Parse(run.StdOut);
        Tiles = summary.RootElement.GetProperty("tiles").GetInt32();
        EmptyTiles = summary.RootElement.GetProperty("skippedEmptyTiles").GetInt32();
    }

    public string ScenePath { get; }

    public string ModelPath { get; }

    /// <summary>The GeoJSON written by the one-node run.</summary>
    public string ReferenceGeoJson { get; }

    public int Tiles { get; }

    public int EmptyTiles { get; }

    public void Dispose() => temp.Dispose();
}
