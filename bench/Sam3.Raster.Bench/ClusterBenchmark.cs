using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sam3.Inference.ContractModels;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Bench;

/// <summary>
/// <c>sam3r node</c> processes on this machine: one control+geo node and 1, 2, 3 gpu nodes, one job
/// (<c>sam3r submit --wait</c>) with the heavy model; tiles/s per cluster size. Then, with 2 gpu
/// nodes, one is SIGKILLed at a third of the job: time from the kill to the job's end, against the
/// same job undisturbed. Akka's default failure detection and split-brain resolver (stable-after
/// 20 s) apply unless --config FILE says otherwise.
/// Options: --size N (6000), --workers 1,2,3, --batch B (2), --config FILE.
/// </summary>
internal static class ClusterBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        int size = Option(args, "--size", 6000), batch = Option(args, "--batch", 2);
        var workerCounts = OptionText(args, "--workers", "1,2,3").Split(',').Select(int.Parse).ToList();
        string? config = OptionText(args, "--config", "") is { Length: > 0 } c ? Path.GetFullPath(c) : null;
        string scene = BenchFixtures.Scene(size);
        string model = BenchFixtures.HeavyModel();
        Console.WriteLine($"Synthetic scene {size}×{size} px, heavy model, prompts red + blue, batch {batch}, CPU; {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        Console.WriteLine("| gpu nodes | tiles run | job s (submit → written) | tiles/s | node SIGKILLed at 1/3 | job s with the kill | kill → job end s |");
        Console.WriteLine("|---:|---:|---:|---:|---|---:|---:|");
        foreach (int workers in workerCounts)
        {
            var plain = await RunJob(scene, model, batch, workers, config, killAt: null);
            string killed = "–", withKill = "–", recovery = "–";
            if (workers == 2)
            {
                var k = await RunJob(scene, model, batch, workers, config, killAt: plain.Tiles / 3);
                killed = "yes";
                withKill = k.Seconds.ToString("0.0", CultureInfo.InvariantCulture);
                recovery = k.KillToEnd.ToString("0.0", CultureInfo.InvariantCulture);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {workers} | {plain.Tiles} | {plain.Seconds:0.0} | {plain.Tiles / plain.Seconds:0.00} | {killed} | {withKill} | {recovery} |"));
        }

        return 0;
    }

    private sealed record JobRun(int Tiles, double Seconds, double KillToEnd);

    private static async Task<JobRun> RunJob(string scene, string model, int batch, int workers, string? config, int? killAt)
    {
        string root = Path.Combine(Path.GetTempPath(), $"sam3r-bench-cluster-{Environment.ProcessId}-{workers}-{killAt}");
        Directory.CreateDirectory(root);
        string work = Path.Combine(root, "work");
        int seed = FreePort();
        string seeds = $"127.0.0.1:{seed}";
        string[] common = ["--seeds", seeds, "--work", work, "--state", Path.Combine(root, "state.db"), "--model", model, "--batch", batch.ToString(CultureInfo.InvariantCulture), "--device", "cpu"];
        var nodes = new List<Process>();
        try
        {
            nodes.Add(Start(config, ["node", "--roles", "control,geo", "--port", seed.ToString(CultureInfo.InvariantCulture), .. common]));
            for (int i = 0; i < workers; i++)
            {
                nodes.Add(Start(config, ["node", "--roles", "gpu", "--port", FreePort().ToString(CultureInfo.InvariantCulture), .. common]));
            }

            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (await UpNodes(config, seeds) < workers + 1)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("the cluster did not come up");
                }

                await Task.Delay(500);
            }

            var clock = Stopwatch.StartNew();
            using var submit = Start(config, ["submit", "--seeds", seeds, "--input", scene, "--prompt", "red", "--prompt", "blue", "--out", Path.Combine(root, "out.parquet"), "--wait"]);
            var stderr = submit.StandardError.ReadToEndAsync();
            double killedAt = 0;
            if (killAt is { } k)
            {
                while (TileFiles(work) < k && !submit.HasExited)
                {
                    await Task.Delay(20);
                }

                nodes[^1].Kill();
                killedAt = clock.Elapsed.TotalSeconds;
            }

            await submit.WaitForExitAsync();
            double seconds = clock.Elapsed.TotalSeconds;
            if (submit.ExitCode != 0)
            {
                throw new InvalidOperationException("submit failed: " + await stderr);
            }

            return new JobRun(TileFiles(work), seconds, seconds - killedAt);
        }
        finally
        {
            foreach (var n in nodes)
            {
                if (!n.HasExited)
                {
                    n.Kill();
                }

                n.Dispose();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<int> UpNodes(string? config, string seeds)
    {
        using var status = Start(config, ["status", "--seeds", seeds]);
        string text = await status.StandardOutput.ReadToEndAsync();
        await status.WaitForExitAsync();
        return text.Split('\n').Count(l => l.TrimEnd().EndsWith(" up", StringComparison.Ordinal));
    }

    private static int TileFiles(string work) =>
        Directory.Exists(work) ? Directory.GetFiles(work, "*.s3rt", SearchOption.AllDirectories).Length : 0;

    private static Process Start(string? config, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (config is not null)
        {
            info.Environment["SAM3R_CONFIG"] = config;
        }

        info.ArgumentList.Add(CliBinary.Path);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.TryParse(OptionText(args, name, string.Empty), out var v) ? v : fallback;

    private static string OptionText(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
