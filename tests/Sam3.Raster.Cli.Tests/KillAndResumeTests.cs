using System.Diagnostics;
using System.Text.Json;
using Sam3.Inference.ContractModels;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// <c>sam3r run</c> as a child process, killed (SIGKILL) in the middle of the job and run again
/// with --resume: the job finishes, tiles recorded before the kill are not run again, and the
/// outputs are identical to those of an uninterrupted run. Stopped by SIGTERM (or Ctrl+C), it says
/// so in one line and exits 130 at once; --resume goes on from there.
/// </summary>
public sealed class KillAndResumeTests
{
    private const int MaxInFlight = 2;

    [Fact]
    public async Task A_killed_run_resumes_without_rerunning_finished_tiles_and_writes_the_same_output()
    {
        using var temp = new TempDirectory("sam3r-resume");
        var (scenePath, model) = SlowJob(temp);

        string[] Args(string folder) =>
        [
            "run", "--input", scenePath, "--prompt", "red", "--prompt", "blue", "--model", model,
            "--out", Path.Combine(folder, "out.parquet"), "--out", Path.Combine(folder, "out.geojson"),
            "--out", Path.Combine(folder, "out.gpkg"), "--out", Path.Combine(folder, "out.fgb"), "--out", Path.Combine(folder, "out.tif"),
            "--batch", "1", "--max-in-flight", MaxInFlight.ToString(), "--json",
        ];

        // The run to compare with.
        var reference = Sam3r(Args(temp.File("reference")));
        Assert.True(reference.ExitCode == 0, reference.StdErr);

        // The job starts once its shard regions have registered, so they never warn of a missing
        // coordinator while the node starts (they did, under load, with the job buffered).
        Assert.DoesNotContain("No coordinator found", reference.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Trying to register to coordinator", reference.StdErr, StringComparison.Ordinal);

        // Kill the job once a few tiles are done.
        string killed = temp.File("killed");
        Directory.CreateDirectory(killed);
        string work = Path.Combine(killed, "out.parquet.sam3r-state.db.work");
        Dictionary<string, DateTime> before;
        using (var child = Start(Args(killed)))
        {
            var clock = Stopwatch.StartNew();
            while (TileFiles(work).Length < 4)
            {
                if (child.HasExited)
                {
                    Assert.Fail("the job ended before it could be killed: " + await child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
                }

                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no tiles finished in time");
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            child.Kill(); // SIGKILL: no shutdown hooks, no flush.
            await child.WaitForExitAsync(TestContext.Current.CancellationToken);
            TestContext.Current.TestOutputHelper?.WriteLine($"killed after {clock.Elapsed}, exit {child.ExitCode}");
            before = TileFiles(work).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        }

        Assert.False(File.Exists(Path.Combine(killed, "out.parquet")), $"the killed run wrote its output ({before.Count} tile files at the kill): " + string.Join(", ", Directory.GetFiles(killed)));

        var resumed = Sam3r([.. Args(killed), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);

        // Tiles recorded before the kill kept their files; at most the ones in flight were redone.
        int rewritten = before.Count(kv => File.GetLastWriteTimeUtc(kv.Key) != kv.Value);
        Assert.InRange(rewritten, 0, MaxInFlight);
        using var summary = JsonDocument.Parse(resumed.StdOut);
        int doneBefore = summary.RootElement.GetProperty("tilesDoneBefore").GetInt32();
        int runNow = summary.RootElement.GetProperty("tilesRunNow").GetInt32();
        int tiles = summary.RootElement.GetProperty("tiles").GetInt32(), empty = summary.RootElement.GetProperty("skippedEmptyTiles").GetInt32();
        Assert.InRange(doneBefore, before.Count - MaxInFlight, before.Count);
        Assert.Equal(tiles - empty - doneBefore, runNow);

        Assert.Equal(File.ReadAllBytes(temp.File("reference/out.parquet")), File.ReadAllBytes(Path.Combine(killed, "out.parquet")));
        Assert.Equal(File.ReadAllText(temp.File("reference/out.geojson")), File.ReadAllText(Path.Combine(killed, "out.geojson")));
        Assert.Equal(File.ReadAllBytes(temp.File("reference/out.gpkg")), File.ReadAllBytes(Path.Combine(killed, "out.gpkg")));
        Assert.Equal(File.ReadAllBytes(temp.File("reference/out.fgb")), File.ReadAllBytes(Path.Combine(killed, "out.fgb")));
        Assert.Equal(File.ReadAllBytes(temp.File("reference/out.tif")), File.ReadAllBytes(Path.Combine(killed, "out.tif")));
    }

    [Fact]
    public async Task A_run_stopped_by_sigterm_exits_at_once_with_a_clear_line_and_resumes()
    {
        using var temp = new TempDirectory("sam3r-sigterm");
        var (scenePath, model) = SlowJob(temp);
        string[] args =
        [
            "run", "--input", scenePath, "--prompt", "red", "--model", model, "--out", temp.File("out.parquet"),
            "--batch", "1", "--max-in-flight", MaxInFlight.ToString(), "--json",
        ];

        string work = temp.File("out.parquet.sam3r-state.db.work");
        using (var child = Start(args))
        {
            var stderr = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var clock = Stopwatch.StartNew();
            while (TileFiles(work).Length < 2)
            {
                if (child.HasExited)
                {
                    Assert.Fail("the job ended before the signal: " + await stderr);
                }

                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no tiles finished in time");
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            // Before the fix the node stopped but the command waited for the job forever.
            using (var kill = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            var stopped = Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await child.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                if (!child.HasExited)
                {
                    child.Kill(); // a hung child must not outlive the test
                }
            }

            string err = await stderr;
            TestContext.Current.TestOutputHelper?.WriteLine($"exited {stopped.Elapsed} after SIGTERM ({clock.Elapsed} in): {err} / {await child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)}");

            Assert.Equal(130, child.ExitCode);
            Assert.Contains("sam3r: error: interrupted", err, StringComparison.Ordinal);
            Assert.Contains("--resume", err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
            Assert.False(File.Exists(temp.File("out.parquet")));
        }

        var resumed = Sam3r([.. args, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        using var summary = JsonDocument.Parse(resumed.StdOut);
        Assert.True(summary.RootElement.GetProperty("tilesDoneBefore").GetInt32() >= 2 - MaxInFlight);
        Assert.Equal(11, summary.RootElement.GetProperty("featuresPerPrompt")[0].GetProperty("features").GetInt32());
        Assert.True(File.Exists(temp.File("out.parquet")));
    }

    private static string[] TileFiles(string work) =>
        Directory.Exists(work) ? Directory.GetFiles(work, "*.s3rt", SearchOption.AllDirectories) : [];

    private static string Sam3rDll => Path.Combine(AppContext.BaseDirectory, "sam3r.dll");

    private static ProcessResult Sam3r(IEnumerable<string> args) => ProcessRunner.Run("dotnet", [Sam3rDll, .. args], TimeSpan.FromMinutes(3));

    private static Process Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Sam3rDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    /// <summary>A 4000² scene and the heavy model (a few hundred ms a tile on CPU): time to stop the job mid-way.</summary>
    private static (string Scene, string Model) SlowJob(TempDirectory temp)
    {
        string model = temp.File("heavy.onnx");
        ContractModelFactory.WriteHeavyModel(model);
        return (SyntheticScene.Scaled(4000).Write(temp.File("scene.tif")), model);
    }
}
