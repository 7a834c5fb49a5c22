using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary><c>--device</c> takes a list: one GPU actor per device; a bad list is one line and exit code 2.</summary>
public sealed class DeviceOptionTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public void Run_accepts_two_devices_and_says_where_the_model_runs_on_each()
    {
        using var temp = new TempDirectory("sam3r-devices");
        var r = Sam3r("run", "--input", scene.ScenePath, "--prompt", "red", "--out", temp.File("o.parquet"), "--model", scene.ModelPath, "--device", "cpu,cpu");

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("model on gpu-0: CPU, gpu-1: CPU", r.StdErr);
        Assert.True(new FileInfo(temp.File("o.parquet")).Length > 0);
    }

    [Theory]
    [InlineData("cpu,cpu,", "empty element in 'cpu,cpu,'")]
    [InlineData("auto,cpu", "cannot combine auto with other devices, got 'auto,cpu'")]
    [InlineData("cuda:0,cuda", "names cuda:0 twice in 'cuda:0,cuda'")]
    public void A_bad_device_list_is_one_line_and_exit_code_2(string devices, string expected)
    {
        using var temp = new TempDirectory("sam3r-baddevices");
        var r = Sam3r("run", "--input", scene.ScenePath, "--prompt", "red", "--out", temp.File("o.parquet"), "--model", scene.ModelPath, "--device", devices);

        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sam3r: error: --device ", line);
        Assert.Contains(expected, line);
        Assert.False(File.Exists(temp.File("o.parquet")));
    }

    private static ProcessResult Sam3r(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), .. args], TimeSpan.FromMinutes(3));
}
