using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Sam3.Inference.ContractModels;
using Sam3.Raster.TestSupport;
using Sam3.Raster.TestSupport.Lab;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Bench;

/// <summary>
/// Issue 19's scenario on hosts of their own (<see cref="FaultCluster"/>): the synthetic scene,
/// heavy model, prompts red + blue, one <c>submit --wait</c> job per run, timed from the submit's
/// start to its exit with the cluster up and warm (one untimed job first). Faults start
/// <c>--fault-at</c> s into the job and last <c>--fault-for</c> s (see <see cref="FaultKind"/>);
/// the next run waits until all three nodes are up. Every output is compared byte for byte with a
/// one-node <c>sam3r run</c>; a difference is reported at once and makes the exit code 1. For the
/// gpu cut, also the seconds from the cut to the control node's "tiles in flight there sent again"
/// line. A job past --job-limit s is killed and recorded as a timeout, and the cluster is made anew.
/// Options: --size N (8000), --runs R (3), --fault-at S (5), --fault-for S (30), --job-limit S
/// (240), --scenarios a,b (all of <see cref="FaultScenario.All"/>). Needs root and iproute2.
/// </summary>
internal static partial class FaultBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        int size = Option(args, "--size", 8000), runs = Option(args, "--runs", 3);
        var faultAt = TimeSpan.FromSeconds(Option(args, "--fault-at", 5));
        var faultFor = TimeSpan.FromSeconds(Option(args, "--fault-for", 30));
        var jobLimit = TimeSpan.FromSeconds(Option(args, "--job-limit", 240));
        var names = OptionText(args, "--scenarios", string.Join(',', FaultScenario.All.Select(s => s.Name))).Split(',');
        var scenarios = FaultScenario.All.Where(s => names.Contains(s.Name)).ToList();
        string root = Path.Combine(Path.GetTempPath(), $"sam3r-bench-faults-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        var (scene, model) = (BenchFixtures.Scene(size), BenchFixtures.HeavyModel());
        string loadBefore = LoadAverage();

        Progress($"one-node reference: sam3r run of {scene}");
        string reference = Path.Combine(root, "reference.geojson");
        var run = ProcessRunner.Run("dotnet", [CliBinary.Path, "run", "--input", scene, "--prompt", "red", "--prompt", "blue", "--out", reference, "--model", model, "--json"], TimeSpan.FromMinutes(10));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("the one-node run failed: " + run.StdErr);
        }

        byte[] referenceBytes = await File.ReadAllBytesAsync(reference);
        var jobs = scenarios.ToDictionary(s => s, _ => new List<FaultJob>());
        var context = new JobContext(referenceBytes, faultAt, faultFor, jobLimit);
        int clusters = 0;
        async Task<FaultCluster> Warm(Action<NetworkLab, LabHost, LabHost, LabHost>? wire) =>
            await StartWarm(Path.Combine(root, $"cluster-{++clusters}"), scene, model, wire, context);

        var onMain = scenarios.Where(s => s.Kind != FaultKind.SlowLink).ToList();
        if (onMain.Count > 0)
        {
            var cluster = await Warm(null);
            try
            {
                // Round by round, so that a change of machine load falls on every scenario alike.
                for (int r = 1; r <= runs; r++)
                {
                    foreach (var s in onMain)
                    {
                        var job = await RunJob(cluster, s, context, r);
                        jobs[s].Add(job);
                        if (!job.Finished || !await cluster.WaitForNodesUp(3, TimeSpan.FromMinutes(3)))
                        {
                            Progress($"the cluster is not whole after {s.Name} run {r}: starting a new one (logs of this one in {cluster.Folder})");
                            cluster.Dispose();
                            cluster = await Warm(null);
                        }
                    }
                }
            }
            finally
            {
                cluster.Dispose();
            }
        }

        if (scenarios.FirstOrDefault(s => s.Kind == FaultKind.SlowLink) is { } slow)
        {
            var links = new List<SlowLink>();
            // Every route to and from gpu2: 200 ms each way, 5 % of the chunks one retransmission (600 ms) late (as ClusterFaultTests).
            var cluster = await Warm((lab, control, gpu1, gpu2) => links.AddRange(SlowLink.Around(lab, gpu2, [control, gpu1], FaultCluster.Port, TimeSpan.FromMilliseconds(200), 0.05, TimeSpan.FromMilliseconds(600))));
            try
            {
                for (int r = 1; r <= runs; r++)
                {
                    jobs[slow].Add(await RunJob(cluster, slow, context, r));
                }

                Progress($"slow link: {links.Sum(l => l.Chunks)} chunks forwarded, {links.Sum(l => l.Lost)} held as lost; exits {string.Join(' ', new[] { cluster.Control, cluster.Gpu1, cluster.Gpu2 }.Select(n => $"{n.Host.Name}:[{string.Join(',', n.Exits)}]"))}");
            }
            finally
            {
                cluster.Dispose();
                foreach (var l in links)
                {
                    l.Dispose();
                }
            }
        }

        FaultTable.Print(jobs, size, run.StdOut, Machine(loadBefore, LoadAverage()), faultAt, faultFor);
        foreach (var folder in Directory.GetDirectories(root, "cluster-*"))
        {
            Directory.Delete(Path.Combine(folder, "work"), recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine($"Node logs: {root}/cluster-*/*.log");
        return jobs.Values.SelectMany(j => j).Any(j => j.Result == "DIFFERENT") ? 1 : 0;
    }

    private sealed record JobContext(byte[] Reference, TimeSpan FaultAt, TimeSpan FaultFor, TimeSpan JobLimit);

    private static async Task<FaultCluster> StartWarm(string folder, string scene, string model, Action<NetworkLab, LabHost, LabHost, LabHost>? wire, JobContext context)
    {
        Progress($"starting three nodes in {folder}");
        var cluster = new FaultCluster(folder, scene, model, wire);
        if (!await cluster.WaitForNodesUp(3, TimeSpan.FromMinutes(3)))
        {
            cluster.Dispose();
            throw new InvalidOperationException($"the three nodes did not come up; logs in {folder}");
        }

        var warm = await RunJob(cluster, new FaultScenario("warm-up", "warm-up", FaultKind.None, null), context, 0);
        if (!warm.Identical)
        {
            cluster.Dispose();
            throw new InvalidOperationException($"the warm-up job ended {warm.Result}; logs in {folder}");
        }

        return cluster;
    }

    private static async Task<FaultJob> RunJob(FaultCluster cluster, FaultScenario scenario, JobContext context, int run)
    {
        int resentBefore = ResentLine().Count(cluster.Control.Log);
        var clock = Stopwatch.StartNew();
        var (submit, output) = cluster.Submit();
        using (submit)
        {
            Progress($"{scenario.Name} run {run}: submitted");
            var finish = LabHost.Finish(submit, context.JobLimit);
            var fault = Fault(cluster, scenario.Kind, clock, context, resentBefore);
            var stall = LongestStall(cluster, finish);
            var result = await finish;
            double seconds = clock.Elapsed.TotalSeconds;
            double? resend = await fault;
            string outcome = result.ExitCode switch
            {
                0 when (await File.ReadAllBytesAsync(output)).AsSpan().SequenceEqual(context.Reference) => "identical",
                0 => "DIFFERENT",
                _ when result.StdErr.StartsWith("killed after", StringComparison.Ordinal) => "timeout",
                var code => $"exit {code}",
            };
            double longest = await stall;
            string perNode = await TilesPerNode(cluster, result.StdOut.Trim());
            Progress(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name} run {run}: {outcome}, job {seconds:0.0} s, longest stall {longest:0.0} s{(resend is { } s ? $", re-send {s:0.0} s after the fault" : "")}; {perNode}"));
            if (outcome == "DIFFERENT")
            {
                Console.Error.WriteLine($"OUTPUT DIFFERS from the one-node run: {output}");
            }
            else if (outcome != "identical")
            {
                Console.Error.WriteLine($"submit --wait: {result.StdErr.Trim()}");
            }

            return new FaultJob(seconds, outcome, resend, longest);
        }
    }

    /// <summary>Which gpu node ran how many of the job's tiles, from <c>sam3r status JOB</c>: whether a node that rejoined got work.</summary>
    private static async Task<string> TilesPerNode(FaultCluster cluster, string job)
    {
        var status = await cluster.Control.Host.Run(cluster.Config, ["status", "--seeds", $"control:{FaultCluster.Port}", job], TimeSpan.FromSeconds(30));
        var nodes = status.StdOut.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("node akka.tcp://sam3r@", StringComparison.Ordinal))
            .Select(l => l["node akka.tcp://sam3r@".Length..].Split(':')[0] + " " + l.Split(": ")[1].Split(' ')[0]);
        return "tiles per node: " + string.Join(", ", nodes);
    }

    /// <summary>Applies the scenario's fault on schedule, undoes it, and (gpu cut or kill) returns the fault → re-send seconds.</summary>
    private static async Task<double?> Fault(FaultCluster cluster, FaultKind kind, Stopwatch clock, JobContext context, int resentBefore)
    {
        if (kind is FaultKind.None or FaultKind.SlowLink)
        {
            return null;
        }

        await Until(clock, context.FaultAt);
        Progress($"{kind} at {clock.Elapsed.TotalSeconds:0.0} s");
        switch (kind)
        {
            case FaultKind.GpuCut:
                cluster.Lab.Cut(cluster.Gpu1.Host);
                var resend = Resend(cluster, resentBefore, TimeSpan.FromSeconds(60));
                await Until(clock, context.FaultAt + context.FaultFor);
                cluster.Lab.Heal(cluster.Gpu1.Host);
                Progress($"gpu1 healed at {clock.Elapsed.TotalSeconds:0.0} s");
                return await resend;
            case FaultKind.GpuKill:
                cluster.Gpu1.Kill();
                var resendAfterKill = Resend(cluster, resentBefore, TimeSpan.FromSeconds(60));
                await Until(clock, context.FaultAt + TimeSpan.FromSeconds(2));
                cluster.Gpu1.Start();
                Progress($"gpu1 restarted at {clock.Elapsed.TotalSeconds:0.0} s");
                return await resendAfterKill;
            case FaultKind.ControlCut:
                cluster.Lab.Cut(cluster.Control.Host);
                await Until(clock, context.FaultAt + context.FaultFor);
                cluster.Lab.Heal(cluster.Control.Host);
                Progress($"control healed at {clock.Elapsed.TotalSeconds:0.0} s");
                return null;
            default:
                cluster.Control.Kill();
                await Until(clock, context.FaultAt + TimeSpan.FromSeconds(2));
                cluster.Control.Start();
                Progress($"control restarted at {clock.Elapsed.TotalSeconds:0.0} s");
                return null;
        }
    }

    /// <summary>The longest time from the job's first new tile file to its end (<paramref name="job"/>) in which no tile file was written, sampled every 200 ms.</summary>
    private static async Task<double> LongestStall(FaultCluster cluster, Task job)
    {
        int files = cluster.TileFiles;
        Stopwatch? since = null;
        double longest = 0;
        while (!job.IsCompleted)
        {
            await Task.Delay(200);
            int now = cluster.TileFiles;
            if (now != files)
            {
                longest = Math.Max(longest, since?.Elapsed.TotalSeconds ?? 0);
                files = now;
                since = Stopwatch.StartNew();
            }
        }

        return Math.Max(longest, since?.Elapsed.TotalSeconds ?? 0);
    }

    /// <summary>Seconds until the control node logs one more re-send line than <paramref name="before"/>; null if none within <paramref name="limit"/>.</summary>
    private static async Task<double?> Resend(FaultCluster cluster, int before, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (ResentLine().Count(cluster.Control.Log) > before)
            {
                return clock.Elapsed.TotalSeconds;
            }

            await Task.Delay(100);
        }

        return null;
    }

    private static async Task Until(Stopwatch clock, TimeSpan at)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static string Machine(string loadBefore, string loadAfter)
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var head = ProcessRunner.Run("git", ["-C", AppContext.BaseDirectory, "rev-parse", "--short", "HEAD"], TimeSpan.FromSeconds(30)).StdOut.Trim();
        bool dirty = ProcessRunner.Run("git", ["-C", AppContext.BaseDirectory, "status", "--porcelain", "--untracked-files=no"], TimeSpan.FromSeconds(30)).StdOut.Trim().Length > 0;
        return $"{Environment.ProcessorCount} cores ({cpu}), load average {loadBefore} before, {loadAfter} after; commit {head}{(dirty ? " + uncommitted changes" : "")}";
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private static void Progress(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");

    [GeneratedRegex("gpu node \\S+ (is unreachable|left the cluster): [0-9]+ tiles in flight there sent again")]
    private static partial Regex ResentLine();

    private static int Option(string[] args, string name, int fallback) =>
        int.TryParse(OptionText(args, name, string.Empty), out var v) ? v : fallback;

    private static string OptionText(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
