using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Cli.Demo;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>Failures are never silent: a tile that cannot be read is retried, then fails the job naming it; bad inputs fail before any work.</summary>
public sealed class FailureTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task A_tile_that_cannot_be_read_is_retried_then_fails_the_job_naming_it()
    {
        using var temp = new TempDirectory("sam3r-badtile");
        // No nodata: planning reads no pixels, so the damage shows only when a tile is read.
        string path = (SyntheticScene.Standard() with { NoData = null }).Write(temp.File("damaged.tif"));
        Damage(path);

        var spec = PipelineRun.Spec(path, scene.ModelPath, temp.Path, ["red"]);
        var (final, _) = await PipelineRun.RunAsync(spec, temp.File("state.db"), PipelineSettings.Default with { MaxInFlightTiles = 4 });

        Assert.Equal(JobStatus.Failed, final.Status);
        Assert.Matches(@"tile \d+ of .*damaged\.tif failed 3 times: cannot read", final.FailureReason);
        Assert.True(final.TileFailures >= 3);
        Assert.False(File.Exists(spec.Outputs[0]));

        // A failed job is not resumed silently: starting it again is refused with the reason.
        var again = await Assert.ThrowsAsync<JobRefusedException>(() => PipelineRun.RunAsync(spec, temp.File("state.db"), PipelineSettings.Default));
        Assert.Contains("damaged.tif", again.Message);
    }

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

    private static ProcessResult Sam3r(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), .. args], TimeSpan.FromMinutes(2));

    /// <summary>Overwrites the middle of the file: the compressed blocks there no longer decode.</summary>
    private static void Damage(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.Position = f.Length / 2;
        f.Write(Enumerable.Repeat((byte)0x5A, 64 * 1024).ToArray());
    }
}
