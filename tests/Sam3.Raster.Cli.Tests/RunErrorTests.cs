using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary><c>sam3r run</c> checks everything it can before any work: each problem is one line and exit code 2.</summary>
public sealed class RunErrorTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public void Bad_input_model_and_output_fail_fast_with_one_line_and_exit_code_2()
    {
        using var temp = new TempDirectory("sam3r-badargs");
        File.WriteAllText(temp.File("not-a-raster.tif"), "hello");
        File.WriteAllText(temp.File("not-a-model.onnx"), "hello");

        var badInput = Sam3r("run", "--input", temp.File("not-a-raster.tif"), "--prompt", "red", "--out", temp.File("o.parquet"), "--model", scene.ModelPath);
        var missing = Sam3r("run", "--input", temp.File("missing.tif"), "--prompt", "red", "--out", temp.File("o.parquet"), "--model", scene.ModelPath);
        var badModel = Sam3r("run", "--input", scene.ScenePath, "--prompt", "red", "--out", temp.File("o.parquet"), "--model", temp.File("not-a-model.onnx"));
        var badOutput = Sam3r("run", "--input", scene.ScenePath, "--prompt", "red", "--out", "/proc/sam3r/o.parquet", "--model", scene.ModelPath);

        foreach (var (r, expected) in new[] { (badInput, "not-a-raster.tif"), (missing, "input not found"), (badModel, "not-a-model.onnx"), (badOutput, "/proc/sam3r") })
        {
            Assert.Equal(2, r.ExitCode);
            string line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("sam3r: error: ", line);
            Assert.Contains(expected, line);
        }

        Assert.False(File.Exists(temp.File("o.parquet")));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("submit", "--seeds", "127.0.0.1:1")]
    public void A_tile_size_other_than_the_models_is_refused_naming_the_option_and_the_value(string command, params string[] more)
    {
        using var temp = new TempDirectory("sam3r-tile");

        var r = Sam3r([command, .. more, "--input", scene.ScenePath, "--prompt", "red", "--out", temp.File("o.parquet"), "--model", scene.ModelPath, "--tile", "512"]);

        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("sam3r: error: --tile: tile size 512 is not the model's patch size (1008 px)", line);
        Assert.False(File.Exists(temp.File("o.parquet")));
    }

    [Theory]
    [InlineData("run", "--prompt is required (sam3r run --help)", "--input", "scene.tif", "--out", "o.parquet")]
    [InlineData("run", "--out is required (sam3r run --help)", "--input", "scene.tif", "--prompt", "red")]
    [InlineData("submit", "--seeds is required (sam3r submit --help)", "--input", "scene.tif", "--out", "o.parquet")]
    [InlineData("run", "Unrecognized command or argument '--colour' (sam3r run --help)", "--input", "scene.tif", "--prompt", "red", "--out", "o.parquet", "--colour")]
    public void A_command_line_that_does_not_parse_is_one_line_with_a_hint_not_the_help(string command, string expected, params string[] args)
    {
        var r = Sam3r([command, .. args]);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"sam3r: error: {expected}", Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(r.StdOut);
    }

    [Fact]
    public void Run_without_any_scene_names_both_ways_to_give_one()
    {
        using var temp = new TempDirectory("sam3r-noscene");

        var r = Sam3r("run", "--prompt", "red", "--out", temp.File("o.parquet"), "--model", scene.ModelPath);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("sam3r: error: no scene: pass --input PATH (repeat for several) or --inputs FILE", Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static ProcessResult Sam3r(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), .. args], TimeSpan.FromMinutes(2));
}
