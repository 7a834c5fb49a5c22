using System.Text.Json;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_writes_geoparquet_geojson_and_a_quicklook_and_says_where()
    {
        using var temp = new TempDirectory("sam3r-demo");
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), "demo", "--out", temp.Path, "--size", "2000"], TimeSpan.FromMinutes(3));

        Assert.True(r.ExitCode == 0, r.StdErr);
        foreach (var name in new[] { "features.parquet", "features.geojson", "quicklook.png", "scene.tif" })
        {
            Assert.True(new FileInfo(temp.File(name)).Length > 0, name);
            Assert.Contains(temp.File(name), r.StdOut);
        }

        Assert.Contains("\"red\"", r.StdOut);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(temp.File("quicklook.png")).Take(4));
    }

    [Fact]
    public void The_json_summary_reports_the_models_busy_span_read_from_the_meter()
    {
        using var temp = new TempDirectory("sam3r-demo-json");
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), "demo", "--out", temp.Path, "--size", "2000", "--json"], TimeSpan.FromMinutes(3));

        Assert.True(r.ExitCode == 0, r.StdErr);
        using var summary = JsonDocument.Parse(r.StdOut);
        double busy = summary.RootElement.GetProperty("modelBusySeconds").GetDouble();
        Assert.True(summary.RootElement.GetProperty("tilesRunNow").GetInt32() > 0);
        Assert.InRange(busy, double.Epsilon, summary.RootElement.GetProperty("seconds").GetDouble());
    }

    [Fact]
    public void The_instances_demo_gives_one_feature_per_building_of_the_touching_blocks()
    {
        using var temp = new TempDirectory("sam3r-demo-instances");
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), "demo", "--kind", "instances", "--out", temp.Path, "--json"], TimeSpan.FromMinutes(5));

        Assert.True(r.ExitCode == 0, r.StdErr);
        using var summary = JsonDocument.Parse(r.StdOut);
        Assert.Equal(Sam3.Raster.Tiling.Synthetic.SyntheticScene.Blocks().ObjectsOf("red").Count(), summary.RootElement.GetProperty("features").GetInt64());
        Assert.True(File.Exists(temp.File("quicklook.png")));
    }
}
