using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary><c>sam3r submit</c> against seeds where no control node answers: one line, exit 1, after <c>--timeout</c>.</summary>
public sealed class SubmitUnreachableTests
{
    [Fact]
    public void Submit_with_no_control_node_answering_fails_after_the_timeout_with_one_line()
    {
        using var temp = new TempDirectory("sam3r-submit-unreachable");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), "submit", "--seeds", $"127.0.0.1:{TestPorts.Free()}", "--input", temp.File("scene.tif"), "--prompt", "red", "--out", temp.File("o.geojson"), "--wait", "--timeout", "3"],
            TimeSpan.FromMinutes(2));
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("sam3r: error: no control node answers (127.0.0.1:", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("within 3 s: the job was not submitted", run.StdErr, StringComparison.Ordinal);
        Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed.TotalSeconds:0} s");
    }
}
