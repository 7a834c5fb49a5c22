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
/// --runs R (1; medians of R pipeline runs, each followed by a model-alone run).
/// </summary>
internal static class PipelineBenchmark
{
    private static readonly string[] Prompts = ["red", "blue"];

    public static Task<int> Run(string[] args)
    {
        int size = Option(args, "--size", 20000), batch = Option(args, "--batch", 4), runs = Math.Max(1, Option(args, "--runs", 1));
        string device = OptionText(args, "--device", "cpu");
        var models = OptionText(args, "--models", "coarse,color,heavy").Split(',', StringSplitOptions.RemoveEmptyEntries);
        string fixtures = Path.Combine(Path.GetTempPath(), "sam3r-fixtures");
        Directory.CreateDirectory(fixtures);
        string scene = Path.Combine(fixtures, $"synthetic-{size}.tif");
        if (!File.Exists(scene))
        {
            var t = Stopwatch.StartNew();
            SyntheticScene.Scaled(size).Write(scene + ".tmp");
            File.Move(scene + ".tmp", scene);
            Console.Error.WriteLine($"scene {size}² written in {t.Elapsed.TotalSeconds:0} s");
        }

        Console.WriteLine($"Synthetic scene {size}×{size} px (Byte, DEFLATE, nodata corner), prompts red + blue, batch {batch}, device {device}, {runs} run(s) each, medians.");
        Console.WriteLine();
        Console.WriteLine("| model | tiles run (empty) | end-to-end s | tiles/s | model busy s (first→last run) | peak RSS | model alone s | model tiles/s | end-to-end / model | busy / model | process CPU s | model alone CPU s | CPU side core-ms/tile |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in models)
        {
            string model = Path.Combine(fixtures, $"{kind}.onnx");
            switch (kind)
            {
                case "heavy":
                    ContractModelFactory.WriteHeavyModel(model);
                    break;
                case "coarse":
                    ContractModelFactory.WriteCoarseModel(model);
                    break;
                default:
                    ContractModelFactory.WriteColorModel(model);
                    break;
            }

            var seconds = new List<double>();
            var walls = new List<double>();
            var busy = new List<double>();
            var alone = new List<double>();
            var cpu = new List<double>();
            var aloneCpu = new List<double>();
            long peakKb = 0;
            int run = 0, empty = 0;
            for (int r = 0; r < runs; r++)
            {
                string outDir = Path.Combine(Path.GetTempPath(), $"sam3r-bench-run-{Environment.ProcessId}-{kind}");
                Directory.CreateDirectory(outDir);
                try
                {
                    var result = RunCli(scene, model, Path.Combine(outDir, "out.parquet"), batch, device);
                    run = result.Summary.GetProperty("tilesRunNow").GetInt32();
                    empty = result.Summary.GetProperty("skippedEmptyTiles").GetInt32();
                    seconds.Add(result.Summary.GetProperty("seconds").GetDouble());
                    walls.Add(result.Wall);
                    busy.Add(result.Summary.GetProperty("modelBusySeconds").GetDouble());
                    cpu.Add(result.Cpu);
                    peakKb = Math.Max(peakKb, result.PeakKb);
                }
                finally
                {
                    Directory.Delete(outDir, recursive: true);
                }

                // Alternating with the pipeline runs, so both see the same machine.
                var (aloneSeconds, aloneCpuSeconds) = ModelOnly(model, run, batch, device);
                alone.Add(aloneSeconds);
                aloneCpu.Add(aloneCpuSeconds);
            }

            double e = Median(seconds), w = Median(walls), b = Median(busy), m = Median(alone), c = Median(cpu), mc = Median(aloneCpu);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {run} ({empty}) | {e:0.0} (process {w:0.0}) | {run / e:0.0} | {b:0.0} | {peakKb / 1024.0:0} MB | {m:0.0} | {run / m:0.0} | {e / m:0.00}× | {b / m:0.00}× | {c:0.0} | {mc:0.0} | {(c - mc) * 1000 / run:0.0} |"));
            if (runs > 1)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{kind}: end-to-end {string.Join(", ", seconds.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)))} s; busy {string.Join(", ", busy.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)))} s; model alone {string.Join(", ", alone.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)))} s"));
            }
        }

        return Task.FromResult(0);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Runs <c>sam3r run --json</c>; returns its summary (with the model's busy span, from the start
    /// of its first run to the end of its last, read from the <c>Sam3.Raster</c> meter: the pipeline's
    /// steady state, without start-up and the final writing), wall time, peak RSS (VmHWM, KiB) and
    /// the process's CPU seconds (user + system, start-up included).
    /// </summary>
    private static (JsonElement Summary, double Wall, long PeakKb, double Cpu) RunCli(string scene, string model, string output, int batch, string device)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliBinary.Path, "run", "--input", scene, "--prompt", Prompts[0], "--prompt", Prompts[1], "--model", model, "--out", output, "--batch", batch.ToString(CultureInfo.InvariantCulture), "--device", device, "--json" })
        {
            info.ArgumentList.Add(a);
        }

        double cpuBefore = ChildCpu.Seconds();
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!p.WaitForExit(100))
        {
            peak = Math.Max(peak, VmHwm(p.Id));
        }

        double wall = clock.Elapsed.TotalSeconds;
        double cpuSeconds = ChildCpu.Seconds() - cpuBefore;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"sam3r run failed ({p.ExitCode}): {stderr.Result}");
        }

        return (JsonDocument.Parse(stdout.Result).RootElement.Clone(), wall, peak, cpuSeconds);
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
