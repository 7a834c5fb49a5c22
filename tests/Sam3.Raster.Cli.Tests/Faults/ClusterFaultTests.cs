using System.Diagnostics;
using Sam3.Raster.TestSupport.Lab;

namespace Sam3.Raster.Cli.Tests.Faults;

/// <summary>
/// Faults as a network makes them, on hosts of their own (<see cref="NetworkLab"/>): a control+geo
/// node and two gpu nodes, every node in the seeds, the default failure detection and downing,
/// and a supervisor restarting nodes that exit non-zero. Every job must end with the one-node
/// output and each tile recorded once. Times are written to the test output (docs/CLUSTER.md).
/// </summary>
[Collection(nameof(FaultCollection))]
public sealed class ClusterFaultTests(FaultSceneFixture scene, ITestOutputHelper output) : IClassFixture<FaultSceneFixture>
{
    private readonly HeavySceneFixture heavy = scene.Scene;

    private static readonly TimeSpan JobLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Jobs_finish_with_the_one_node_output_when_a_gpu_node_is_cut_off_or_killed_and_the_control_node_is_killed_and_restarted_or_cut_off()
    {
        using var cluster = new LabCluster(heavy);
        try
        {
            await cluster.WaitForNodesUp(3, TimeSpan.FromMinutes(2));

            // Fault-free, for the times below.
            var clock = Stopwatch.StartNew();
            var (submit, result) = cluster.Submit();
            await cluster.ExpectSameOutput(submit, result, JobLimit);
            output.WriteLine($"fault-free: job {clock.Elapsed.TotalSeconds:0.0} s");

            // A client on another host (not a member) is answered there.
            var remote = await cluster.Gpu1.Host.Run(cluster.Config, ["status", "--seeds", $"control:{LabCluster.Port}"], TimeSpan.FromSeconds(60));
            Assert.True(remote.ExitCode == 0, remote.StdErr);
            Assert.Equal(3, remote.StdOut.Split('\n').Count(l => l.EndsWith(" up", StringComparison.Ordinal)));

            // A gpu node cut off: its tiles go to the other one at once, the job goes on; the node is
            // downed, exits non-zero, is restarted and joins again once the link is back.
            int before = cluster.TileFiles;
            clock.Restart();
            (submit, result) = cluster.Submit();
            await cluster.WaitForTiles(before, 1, submit);
            cluster.Lab.Cut(cluster.Gpu1.Host);
            var cut = Stopwatch.StartNew();
            output.WriteLine($"gpu1 cut off {clock.Elapsed.TotalSeconds:0.0} s into the job");

            // Tiles go on on gpu2 while gpu1 is unreachable and not yet downed: the job is not held
            // by downing or by the shards' move (nor by a new worker whose shard gpu1 would allocate).
            if (await cluster.TilesWhenLogged(cluster.Control, "gpu1:4053 is unreachable", submit, JobLimit) is { } atUnreachable
                && await cluster.TilesWhenLogged(cluster.Control, "gpu1:4053 removed", submit, JobLimit) is { } atRemoval)
            {
                output.WriteLine($"tile files: {atUnreachable} when gpu1 was unreachable, {atRemoval} when it was removed");
                Assert.True(atRemoval > atUnreachable, "no tile was written between gpu1's unreachability and its removal");
            }

            await cluster.ExpectSameOutput(submit, result, JobLimit);
            output.WriteLine($"gpu node cut off: job {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Matches("gpu node akka.tcp://sam3r@gpu1:4053 is unreachable: [0-9]+ tiles in flight there sent again", cluster.Control.Log);
            while (!cluster.Gpu1.Exits.Contains(3))
            {
                Assert.True(cut.Elapsed < TimeSpan.FromMinutes(1), "gpu1 was not downed: " + cluster.Logs());
                await Task.Delay(200);
            }

            cluster.Lab.Heal(cluster.Gpu1.Host);
            clock.Restart();
            await cluster.WaitForNodesUp(3, TimeSpan.FromMinutes(2));
            output.WriteLine($"gpu1 downed and back after healing in {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Empty(cluster.Control.Exits);
            Assert.Empty(cluster.Gpu2.Exits);

            // A gpu node SIGKILLed and started again 2 s later (as a supervisor would): its tiles go
            // to the other one once it is unreachable; the new incarnation joins and takes tiles.
            before = cluster.TileFiles;
            clock.Restart();
            (submit, result) = cluster.Submit();
            await cluster.WaitForTiles(before, 1, submit);
            cluster.Gpu2.Kill();
            await Task.Delay(2000);
            cluster.Gpu2.Start();
            await cluster.ExpectSameOutput(submit, result, JobLimit);
            output.WriteLine($"gpu node killed, restarted after 2 s: job {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Matches("gpu node akka.tcp://sam3r@gpu2:4053 (is unreachable|left the cluster): [0-9]+ tiles in flight there sent again", cluster.Control.Log);
            await cluster.WaitForNodesUp(3, TimeSpan.FromMinutes(2));

            // The control node killed and restarted with the same journal: it joins the running
            // cluster through its seeds (not a new cluster of its own), and the job finishes.
            before = cluster.TileFiles;
            clock.Restart();
            (submit, result) = cluster.Submit();
            await cluster.WaitForTiles(before, 1, submit);
            cluster.Control.Kill();
            await Task.Delay(2000);
            cluster.Control.Start();
            var restarted = await cluster.ExpectSameOutput(submit, result, JobLimit);
            output.WriteLine($"control node killed, restarted after 2 s: job {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(1, CountOf(restarted.StdErr, "no control node answers"));
            Assert.DoesNotContain("   at ", restarted.StdErr, StringComparison.Ordinal);
            await cluster.WaitForNodesUp(3, TimeSpan.FromMinutes(2));

            // The control node cut off: its side keeps the job, the gpu nodes down themselves, are
            // restarted, and join again once the link is back; the job finishes by itself.
            before = cluster.TileFiles;
            clock.Restart();
            (submit, result) = cluster.Submit();
            await cluster.WaitForTiles(before, 1, submit);
            cluster.Lab.Cut(cluster.Control.Host);
            await Task.Delay(TimeSpan.FromSeconds(15));
            cluster.Lab.Heal(cluster.Control.Host);
            await cluster.ExpectSameOutput(submit, result, JobLimit);
            output.WriteLine($"control node cut off for 15 s: job {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Empty(cluster.Control.Exits);
            Assert.DoesNotContain(cluster.Logs().Split('\n'), l => l.Contains("   at ", StringComparison.Ordinal));
        }
        finally
        {
            output.WriteLine(cluster.Logs());
        }
    }

    [Fact]
    public async Task A_slow_lossy_link_to_one_gpu_node_downs_nobody_and_the_job_finishes()
    {
        var links = new List<SlowLink>();
        using var cluster = new LabCluster(heavy, (lab, control, gpu1, gpu2) =>
        {
            // Every route to and from gpu2 through a forwarder: 200 ms each way, 5 % of the chunks
            // one retransmission (600 ms) late.
            links.AddRange(SlowLink.Around(lab, gpu2, [control, gpu1], LabCluster.Port, TimeSpan.FromMilliseconds(200), 0.05, TimeSpan.FromMilliseconds(600)));
        });
        try
        {
            await cluster.WaitForNodesUp(3, TimeSpan.FromMinutes(2));
            var clock = Stopwatch.StartNew();
            var (submit, result) = cluster.Submit();
            await cluster.ExpectSameOutput(submit, result, JobLimit);
            output.WriteLine($"slow lossy link to gpu2: job {clock.Elapsed.TotalSeconds:0.0} s; {links.Sum(l => l.Chunks)} chunks forwarded, {links.Sum(l => l.Lost)} held as lost");
            Assert.True(links.Sum(l => l.Lost) > 0, "the link lost nothing");
            Assert.All(cluster.Nodes, n => Assert.Empty(n.Exits));
            // Nobody downed. Three nodes and the model on two cores starve the heartbeats at times
            // (on top of the link's delays): a node marked unreachable must be reachable again.
            string logs = cluster.Logs();
            Assert.DoesNotContain("downing", logs, StringComparison.Ordinal);
            int unreachable = CountOf(logs, "Marking node(s) as UNREACHABLE");
            output.WriteLine($"marked unreachable {unreachable} times, reachable again {CountOf(logs, "is reachable again")} times");
            Assert.True(unreachable == 0 || logs.Contains("is reachable again", StringComparison.Ordinal), "a node marked unreachable was not reachable again");
            Assert.Contains("gpu2", (await cluster.Control.Host.Run(cluster.Config, ["status", "--seeds", $"control:{LabCluster.Port}"], TimeSpan.FromSeconds(30))).StdOut);
        }
        finally
        {
            output.WriteLine(cluster.Logs());
            foreach (var l in links)
            {
                l.Dispose();
            }
        }
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}

/// <summary>The fault tests run one at a time: each runs a whole cluster and measures its jobs.</summary>
[CollectionDefinition(nameof(FaultCollection), DisableParallelization = true)]
public sealed class FaultCollection;
