using System.Diagnostics;
using System.Globalization;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;

namespace Sam3.Raster.Bench;

/// <summary>
/// What scripts/gpu-check.sh runs on a machine with an NVIDIA GPU: the heavy contract model at
/// SAM3's 200 queries on CUDA, batch 1/4/8 × prompts 1/4, images/s (model run + decode, median)
/// with <c>pred_masks</c> gathered on the device (kept queries only reach the host) and with the
/// whole tensor copied to pinned host memory, peak GPU memory of this process (nvidia-smi), then
/// <c>sam3r run</c> on a synthetic scene; one Markdown table. Refuses to run without CUDA
/// (exit 3, the reason on stderr). Options: --device cuda[:N] (cuda), --queries Q (200),
/// --reps N (10), --size N (20000; 0 skips the pipeline row).
/// </summary>
internal static class GpuBenchmark
{
    private static readonly string[] Words = ["red", "green", "blue", "tree"];

    public static Task<int> Run(string[] args)
    {
        var device = ExecutionDevice.Parse(OptionText(args, "--device", "cuda"));
        int queries = Option(args, "--queries", 200), reps = Option(args, "--reps", 10), size = Option(args, "--size", 20000);
        if (device.Kind != DeviceKind.Cuda)
        {
            Console.Error.WriteLine($"gpu benchmark: --device must be cuda or cuda:N, not {device}");
            return Task.FromResult(2);
        }

        var dir = Path.Combine(Path.GetTempPath(), $"sam3r-gpu-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var model = Path.Combine(dir, $"heavy-q{queries}.onnx");
            ContractModelFactory.WriteHeavyModel(model, queries);
            var grid = new Dictionary<(int B, int P, MaskTransfer T), (double ImagesPerSecond, double Ms, long? PeakMb)>();
            string description = string.Empty;
            foreach (var transfer in new[] { MaskTransfer.Gather, MaskTransfer.Whole })
            {
                Sam3Session session;
                try
                {
                    session = Sam3Session.Open(model, new Sam3SessionOptions(device, MaxBatchSize: 8, MaskTransfer: transfer));
                }
                catch (DeviceUnavailableException ex)
                {
                    Console.Error.WriteLine($"gpu benchmark: {ex.Message}");
                    return Task.FromResult(3);
                }

                using (session)
                using (var memory = new GpuMemoryPoller(Environment.ProcessId))
                {
                    description = session.DeviceDescription;
                    for (var b = 0; b < 8; b++)
                    {
                        InferenceBenchmark.Tile(b).CopyTo(session.ImageSlot(b));
                        Sam3.Inference.Session.PatchNormalization.NormalizeByteRangeInPlace(session.ImageSlot(b));
                    }

                    foreach (var batch in new[] { 1, 4, 8 })
                    {
                        foreach (var promptCount in new[] { 1, 4 })
                        {
                            var prompts = PromptSet.Create(Words[..promptCount]);
                            var times = new List<double>();
                            for (var rep = -2; rep < reps; rep++)
                            {
                                var t0 = Stopwatch.GetTimestamp();
                                using (var outputs = session.RunRaw(batch, prompts))
                                {
                                    outputs.Decode(prompts.Count, 0.5f);
                                }

                                if (rep >= 0)
                                {
                                    times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
                                }
                            }

                            var median = times.Order().ElementAt(times.Count / 2);
                            grid[(batch, promptCount, transfer)] = (batch / median, median * 1000, Peak(memory));
                        }
                    }
                }
            }

            Console.WriteLine($"Heavy contract model, Q = {queries}, masks 288², {description}; {reps} timed runs after two warm-ups, medians; a run = model + decode.");
            Console.WriteLine("Peak GPU memory: this process (nvidia-smi, 100 ms polls), growing through the grid (ONNX Runtime's arena keeps what it took).");
            Console.WriteLine();
            Console.WriteLine("| run | B | P | images/s, masks gathered on the device | images/s, whole pred_masks to the host | gathered / whole | ms per batch (gathered / whole) | peak GPU MiB (gathered / whole) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var batch in new[] { 1, 4, 8 })
            {
                foreach (var promptCount in new[] { 1, 4 })
                {
                    var g = grid[(batch, promptCount, MaskTransfer.Gather)];
                    var w = grid[(batch, promptCount, MaskTransfer.Whole)];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| model | {batch} | {promptCount} | {g.ImagesPerSecond:0.0} | {w.ImagesPerSecond:0.0} | {g.ImagesPerSecond / w.ImagesPerSecond:0.00}× | {g.Ms:0.0} / {w.Ms:0.0} | {Mb(g.PeakMb)} / {Mb(w.PeakMb)} |"));
                }
            }

            if (size > 0)
            {
                PipelineRow(size, model, device);
            }

            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary><c>sam3r run</c> (batch 4, prompts red + blue, masks gathered: the CUDA default) as the table's last row.</summary>
    private static void PipelineRow(int size, string model, ExecutionDevice device)
    {
        var scene = BenchFixtures.Scene(size);
        var outDir = Path.Combine(Path.GetTempPath(), $"sam3r-gpu-bench-run-{Environment.ProcessId}");
        Directory.CreateDirectory(outDir);
        try
        {
            using var memory = new GpuMemoryPoller(0);
            var result = PipelineBenchmark.RunCli(scene, model, Path.Combine(outDir, "out.parquet"), batch: 4, device.ToString(), memory.Follow);
            int tiles = result.Summary.GetProperty("tilesRunNow").GetInt32();
            double seconds = result.Summary.GetProperty("seconds").GetDouble();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| sam3r run {size}² ({tiles} tiles, {result.Summary.GetProperty("features").GetInt64()} features, {seconds:0.0} s, peak RSS {result.PeakKb / 1024.0:0} MB, CPU {result.Cpu:0} s) | 4 | 2 | {tiles / seconds:0.0} tiles/s | | | model busy {result.ModelBusy:0.0} s | {Mb(memory.Stop())} |"));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static long? Peak(GpuMemoryPoller memory)
    {
        // Let a poll land after the last run of the configuration.
        Thread.Sleep(250);
        return memory.PeakMb;
    }

    private static string Mb(long? mb) => mb is { } v ? v.ToString(CultureInfo.InvariantCulture) : "n/a";

    private static int Option(string[] args, string name, int fallback) =>
        int.TryParse(OptionText(args, name, string.Empty), out var v) ? v : fallback;

    private static string OptionText(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
