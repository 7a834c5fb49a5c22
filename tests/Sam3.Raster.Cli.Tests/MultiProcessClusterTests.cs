using System.Diagnostics;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Cli.Cluster;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// <c>sam3r node</c> processes on 127.0.0.1 (a control+geo node, two gpu nodes) and
/// <c>sam3r submit --wait</c> as a client outside the cluster. One gpu node is SIGKILLed mid-job;
/// the job still completes with the one-node output. Bad jobs then fail with their reason, and the
/// nodes keep running.
/// </summary>
public sealed class MultiProcessClusterTests(HeavySceneFixture heavy, ITestOutputHelper output) : IClassFixture<HeavySceneFixture>
{
    [Fact]
    public async Task Submit_wait_succeeds_with_the_same_output_when_a_gpu_node_process_is_killed_and_bad_jobs_fail_alone()
    {
        using var temp = new TempDirectory("sam3r-cluster-procs");
        string config = temp.File("sam3r.conf");
        File.WriteAllText(config, ClusterTestConfig.FastFailover + "\nsam3r.jobs.tile-timeout = 60s\n");
        string work = temp.File("work"), state = temp.File("state.db");
        int seed = TestPorts.Free();
        string seeds = $"127.0.0.1:{seed}";
        string[] common = ["--seeds", seeds, "--work", work, "--state", state, "--model", heavy.ModelPath, "--batch", "2", "--max-in-flight", "4"];
        var nodes = new List<Process>();
        try
        {
            nodes.Add(CliProcess.Start(config, ["node", "--roles", "control,geo", "--port", seed.ToString(), .. common]));
            nodes.Add(CliProcess.Start(config, ["node", "--roles", "gpu", "--port", TestPorts.Free().ToString(), .. common]));
            nodes.Add(CliProcess.Start(config, ["node", "--roles", "gpu", "--port", TestPorts.Free().ToString(), .. common]));
            await using (var client = new GatewayClient([seeds]))
            {
                await WaitForNodes(client, 3, nodes);
            }

            string outFile = temp.File("out/out.geojson");
            File.WriteAllLines(temp.File("scenes.txt"), ["# one scene per line", heavy.ScenePath]);
            var submit = CliProcess.Start(config, ["submit", "--seeds", seeds, "--inputs", temp.File("scenes.txt"), "--prompt", "red", "--prompt", "blue", "--out", outFile, "--wait"]);
            var clock = Stopwatch.StartNew();
            int seen = 0;
            while (TileFiles(work) < 2)
            {
                if (TileFiles(work) != seen)
                {
                    seen = TileFiles(work);
                    output.WriteLine($"{clock.Elapsed.TotalSeconds:0.00} s: {seen} tile files");
                }

                if (submit.HasExited)
                {
                    Assert.Fail("the job ended before a node could be killed: " + await submit.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
                }

                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no tiles finished in time");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            nodes[2].Kill(); // SIGKILL: no leave, no shutdown hooks
            output.WriteLine($"killed a gpu node after {TileFiles(work)} tile files ({clock.Elapsed.TotalSeconds:0.0} s)");
            var submitted = await CliProcess.Finish(submit, TimeSpan.FromMinutes(3));
            output.WriteLine($"job ended {clock.Elapsed.TotalSeconds:0.0} s after the submit");
            output.WriteLine(submitted.StdErr);
            Assert.True(submitted.ExitCode == 0, submitted.StdErr);
            var id = new JobId(submitted.StdOut.Trim());
            Assert.Equal(heavy.ReferenceGeoJson, await File.ReadAllTextAsync(outFile));

            // Bad jobs fail alone, each with its reason; the cluster goes on.
            var missing = await CliProcess.Finish(CliProcess.Start(config, ["submit", "--seeds", seeds, "--input", temp.File("missing.tif"), "--prompt", "red", "--out", temp.File("m.geojson"), "--wait"]), TimeSpan.FromMinutes(1));
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("cannot plan", missing.StdErr);
            Assert.Contains("missing.tif", missing.StdErr);
            var noPrompt = await CliProcess.Finish(CliProcess.Start(config, ["submit", "--seeds", seeds, "--input", heavy.ScenePath, "--out", temp.File("p.geojson"), "--wait"]), TimeSpan.FromMinutes(1));
            Assert.Equal(1, noPrompt.ExitCode);
            Assert.Contains("one prompt", noPrompt.StdErr);

            var unwritable = await CliProcess.Finish(CliProcess.Start(config, ["submit", "--seeds", seeds, "--input", heavy.ScenePath, "--prompt", "red", "--out", "/proc/sam3r/o.geojson", "--wait"]), TimeSpan.FromMinutes(2));
            Assert.Equal(1, unwritable.ExitCode);
            Assert.Contains("cannot write the outputs", unwritable.StdErr);

            var one = await CliProcess.Finish(CliProcess.Start(config, ["status", id.Value, "--seeds", seeds]), TimeSpan.FromMinutes(1));
            Assert.Equal(0, one.ExitCode);
            Assert.Contains($"{id.Value}  completed  tiles {heavy.Tiles}/{heavy.Tiles}", one.StdOut);

            var status = await CliProcess.Finish(CliProcess.Start(config, ["status", "--seeds", seeds]), TimeSpan.FromMinutes(1));
            output.WriteLine(status.StdOut);
            Assert.Equal(0, status.ExitCode);
            Assert.Contains($"{id.Value}  completed", status.StdOut);
            Assert.Contains("failed", status.StdOut);
            Assert.Equal(2, status.StdOut.Split('\n').Count(l => l.EndsWith(" up", StringComparison.Ordinal)));
            Assert.False(nodes[0].HasExited || nodes[1].HasExited);

            var recorded = JobJournal.RecordedCompletions(state, id);
            Assert.Equal(heavy.Tiles - heavy.EmptyTiles, recorded.Count);
            Assert.All(recorded.Values, n => Assert.Equal(1, n));

            // SIGTERM: the node leaves the cluster gracefully (CoordinatedShutdown) and exits 0.
            using (var term = Process.Start("kill", ["-TERM", nodes[1].Id.ToString()]))
            {
                await term.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            var left = await CliProcess.Finish(nodes[1], TimeSpan.FromSeconds(60));
            Assert.True(left.ExitCode == 0, left.StdErr);
            Assert.Contains("node left", left.StdErr);
        }
        finally
        {
            foreach (var n in nodes)
            {
                try
                {
                    if (!n.HasExited)
                    {
                        n.Kill();
                    }
                }
                catch (InvalidOperationException)
                {
                    // already disposed (finished above)
                }

                n.Dispose();
            }
        }
    }

    private static async Task WaitForNodes(GatewayClient client, int count, IReadOnlyList<Process> nodes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            foreach (var n in nodes.Where(n => n.HasExited))
            {
                Assert.Fail("a node exited: " + await n.StandardError.ReadToEndAsync());
            }

            try
            {
                var list = await client.Ask<Actors.Gateway.GatewayProtocol.JobList>(new Actors.Gateway.GatewayProtocol.ListJobs(null), TimeSpan.FromSeconds(3));
                if (list.Nodes.Count(n => n.EndsWith(" up", StringComparison.Ordinal)) >= count)
                {
                    return;
                }
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                // not up yet
            }

            Assert.True(DateTime.UtcNow < deadline, "the cluster did not come up");
            await Task.Delay(200);
        }
    }

    private static int TileFiles(string work) =>
        Directory.Exists(work) ? Directory.GetFiles(work, "*.s3rt", SearchOption.AllDirectories).Length : 0;
}
