using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sam3.Inference.Contract;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Bench;

/// <summary>
/// End to end: <c>sam3r run</c> (a child process: the embedded cluster, GDAL reads, the model,
/// vectorizing, seam merging, GeoParquet) over a synthetic scene, with the colour and the heavy
/// contract models; tiles/s and peak RSS, beside the model alone running the same number of
/// patches in batches of the same size (what the pipeline costs on top of the model).
/// The coarse model costs next to nothing, so its end-to-end pace is the pace of everything
/// around the model (reading, batching, decoding, vectorizing, journaling, writing).
/// The CPU columns: the child's user + system seconds (getrusage), the model-alone run's, and their
/// difference per tile — what everything but the model costs in core time, start-up included.
/// Options: --size N (20000), --batch B (4), --models coarse,color,heavy, --device D (cpu),
/// --runs R (1; medians of R pipeline runs, each followed by a model-alone run), --queries Q[,Q2]
/// (200, SAM3's count; two counts, e.g. 16,200, alternate inside each run and add a ratio row:
/// wall, system time, minor faults, peak RSS and whether the output files are byte-identical).
/// </summary>
internal static class PipelineBenchmark
{
    private static readonly string[] Prompts = ["red", "blue"];

    public static Task<int> Run(string[] args)
    {
        int size = Option(args, "--size", 20000), batch = Option(args, "--batch", 4), runs = Math.Max(1, Option(args, "--runs", 1));
        string device = OptionText(args, "--device", "cpu");
        var models = OptionText(args, "--models", "coarse,color,heavy").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var queryCounts = OptionText(args, "--queries", "200").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(q => int.Parse(q, CultureInfo.InvariantCulture)).ToArray();
        string fixtures = Path.Combine(Path.GetTempPath(), "sam3r-fixtures");
        string scene = BenchFixtures.Scene(size);

        Console.WriteLine($"Synthetic scene {size}×{size} px (Byte, DEFLATE, nodata corner), prompts red + blue, batch {batch}, device {device}, queries {string.Join(" and ", queryCounts)}, {runs} run(s) each (query counts alternating within a run), medians.");
        Console.WriteLine();
        Console.WriteLine("| model | Q | tiles run (empty) | end-to-end s | tiles/s | model busy s (first→last run) | peak RSS | model alone s | model tiles/s | end-to-end / model | busy / model | process CPU s | user s | system s | minor faults | model alone CPU s | CPU side core-ms/tile | features (output SHA-256) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var kind in models)
        {
            var rows = new Dictionary<int, Measured>();
            foreach (var queries in queryCounts)
            {
                string model = Path.Combine(fixtures, $"{kind}-q{queries}.onnx");
                switch (kind)
                {
                    case "heavy":
                        ContractModelFactory.WriteHeavyModel(model, queries);
                        break;
                    case "coarse":
                        ContractModelFactory.WriteCoarseModel(model, queries);
                        break;
                    default:
                        ContractModelFactory.WriteColorModel(model, queries);
                        break;
                }

                rows[queries] = new Measured(model);
            }

            for (int r = 0; r < runs; r++)
            {
                // Query counts alternate inside each run, so both see the same machine.
                foreach (var queries in queryCounts)
                {
                    var m = rows[queries];
                    string outDir = Path.Combine(Path.GetTempPath(), $"sam3r-bench-run-{Environment.ProcessId}-{kind}-{queries}");
                    Directory.CreateDirectory(outDir);
                    try
                    {
                        string output = Path.Combine(outDir, "out.parquet");
                        var result = RunCli(scene, m.Model, output, batch, device);
                        m.Run = result.Summary.GetProperty("tilesRunNow").GetInt32();
                        m.Empty = result.Summary.GetProperty("skippedEmptyTiles").GetInt32();
                        m.Features = $"{result.Summary.GetProperty("features").GetInt64()} ({Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(output)))[..12]})";
                        m.Seconds.Add(result.Summary.GetProperty("seconds").GetDouble());
                        m.Walls.Add(result.Wall);
                        m.Busy.Add(result.ModelBusy);
                        m.Cpu.Add(result.Cpu);
                        m.User.Add(result.User);
                        m.System.Add(result.System);
                        m.Faults.Add(result.MinorFaults);
                        m.PeakKb.Add(result.PeakKb);
                    }
                    finally
                    {
                        Directory.Delete(outDir, recursive: true);
                    }

                    // Alternating with the pipeline runs, so both see the same machine.
                    var (aloneSeconds, aloneCpuSeconds) = ModelOnly(m.Model, m.Run, batch, device);
                    m.Alone.Add(aloneSeconds);
                    m.AloneCpu.Add(aloneCpuSeconds);
                }
            }

            foreach (var queries in queryCounts)
            {
                var m = rows[queries];
                int run = m.Run;
                double e = Median(m.Seconds), w = Median(m.Walls), b = Median(m.Busy), a = Median(m.Alone), c = Median(m.Cpu), mc = Median(m.AloneCpu);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {kind} | {queries} | {run} ({m.Empty}) | {e:0.0} (process {w:0.0}) | {run / e:0.0} | {b:0.0} | {Median(m.PeakKb) / 1024.0:0} MB | {a:0.0} | {run / a:0.0} | {e / a:0.00}× | {b / a:0.00}× | {c:0.0} | {Median(m.User):0.0} | {Median(m.System):0.0} | {Median(m.Faults):0} | {mc:0.0} | {(c - mc) * 1000 / run:0.0} | {m.Features} |"));
                if (runs > 1)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{kind} Q={queries}: process wall {Join(m.Walls)} s; system {Join(m.System)} s; minor faults {Join(m.Faults)}; peak RSS {Join(m.PeakKb.Select(k => k / 1024.0).ToList())} MB; model alone {Join(m.Alone)} s"));
                }
            }

            if (queryCounts.Length == 2)
            {
                Measured lo = rows[queryCounts[0]], hi = rows[queryCounts[1]];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {kind} | {queryCounts[1]} / {queryCounts[0]} | | process wall {Median(hi.Walls) / Median(lo.Walls):0.00}× | | | {(Median(hi.PeakKb) - Median(lo.PeakKb)) / 1024.0:+0;-0} MB | | | | | | | system {Median(hi.System) / Median(lo.System):0.00}× | {Median(hi.Faults) / Median(lo.Faults):0.00}× | | | {(hi.Features == lo.Features ? "identical" : "DIFFERENT")} |"));
            }
        }

        return Task.FromResult(0);
    }

    private static string Join(List<double> values) => string.Join(", ", values.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)));

    /// <summary>One model file's samples over the runs.</summary>
    private sealed class Measured(string model)
    {
        public string Model { get; } = model;

        public int Run { get; set; }

        public int Empty { get; set; }

        public string Features { get; set; } = string.Empty;

        public List<double> Seconds { get; } = [];

        public List<double> Walls { get; } = [];

        public List<double> Busy { get; } = [];

        public List<double> Alone { get; } = [];

        public List<double> Cpu { get; } = [];

        public List<double> User { get; } = [];

        public List<double> System { get; } = [];

        public List<double> Faults { get; } = [];

        public List<double> PeakKb { get; } = [];

        public List<double> AloneCpu { get; } = [];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Runs <c>sam3r run --json</c>; returns its summary, wall time, peak RSS (VmHWM, KiB), the
    /// model's busy span (the summary's <c>modelBusySeconds</c>, from the <c>Sam3.Raster</c> meter:
    /// the start of its first run to the end of its last, the pipeline's steady state, without
    /// start-up and the final writing; NaN from a sam3r that does not report it) and the process's
    /// CPU seconds (user + system, start-up included, and each apart) and minor page faults (getrusage).
    /// </summary>
    internal static (JsonElement Summary, double Wall, long PeakKb, double ModelBusy, double Cpu, double User, double System, long MinorFaults) RunCli(
        string scene, string model, string output, int batch, string device, Action<int>? started = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliBinary.Path, "run", "--input", scene, "--prompt", Prompts[0], "--prompt", Prompts[1], "--model", model, "--out", output, "--batch", batch.ToString(CultureInfo.InvariantCulture), "--device", device, "--json" })
        {
            info.ArgumentList.Add(a);
        }

        var before = ChildCpu.Usage();
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(info)!;
        started?.Invoke(p.Id);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!p.WaitForExit(100))
        {
            peak = Math.Max(peak, VmHwm(p.Id));
        }

        double wall = clock.Elapsed.TotalSeconds;
        var after = ChildCpu.Usage();
        double user = after.User - before.User, system = after.System - before.System;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"sam3r run failed ({p.ExitCode}): {stderr.Result}");
        }

        var summary = JsonDocument.Parse(stdout.Result).RootElement.Clone();
        double busy = summary.TryGetProperty("modelBusySeconds", out var b) ? b.GetDouble() : double.NaN;
        return (summary, wall, peak, busy, user + system, user, system, after.MinorFaults - before.MinorFaults);
    }

    private static long VmHwm(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// The model alone: the same number of patches, in batches of the same size, no reading, no
    /// geometry, from a freshly opened session (the first run cold, as in the pipeline); its wall
    /// seconds and this process's CPU seconds meanwhile (nothing else runs here).
    /// </summary>
    private static (double Seconds, double Cpu) ModelOnly(string model, int patches, int batch, string device)
    {
        using var session = Sam3Session.Open(model, new Sam3SessionOptions(ExecutionDevice.Parse(device), batch));
        var prompts = PromptSet.Create(Prompts);
        for (int b = 0; b < batch; b++)
        {
            var slot = session.ImageSlot(b);
            for (int i = 0; i < slot.Length; i++)
            {
                slot[i] = ((i * 7919) % 255 / 127.5f) - 1f;
            }
        }

        // No warm-up run: the pipeline's clock starts after its session is open and includes its first,
        // cold run (ONNX Runtime growing its arena: ~0.5 s against ~0.3 s for the heavy model), so the
        // model alone is timed the same way.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (int done = 0; done < patches; done += batch)
        {
            session.Run(Math.Min(batch, patches - done), prompts);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        return (seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.TryParse(OptionText(args, name, string.Empty), out var v) ? v : fallback;

    private static string OptionText(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
