using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sam3.Inference.Contract;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.Cli.Demo;

namespace Sam3.Raster.Bench;

/// <summary>
/// End to end: <c>sam3r run</c> (a child process: the embedded cluster, GDAL reads, the model,
/// vectorizing, seam merging, GeoParquet) over a synthetic scene, with the colour and the heavy
/// contract models; tiles/s and peak RSS, beside the model alone running the same number of
/// patches in batches of the same size (what the pipeline costs on top of the model).
/// The coarse model costs next to nothing, so its end-to-end pace is the pace of everything
/// around the model (reading, batching, decoding, vectorizing, journaling, writing).
/// Options: --size N (20000), --batch B (4), --models coarse,color,heavy, --device D (cpu).
/// </summary>
internal static class PipelineBenchmark
{
    private static readonly string[] Prompts = ["red", "blue"];

    public static Task<int> Run(string[] args)
    {
        int size = Option(args, "--size", 20000), batch = Option(args, "--batch", 4);
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

        Console.WriteLine($"Synthetic scene {size}×{size} px (Byte, DEFLATE, nodata corner), prompts red + blue, batch {batch}, device {device}.");
        Console.WriteLine();
        Console.WriteLine("| model | tiles run (empty) | end-to-end s | tiles/s | peak RSS | model alone s | model tiles/s | pipeline / model |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
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

            string outDir = Path.Combine(Path.GetTempPath(), $"sam3r-bench-run-{Environment.ProcessId}-{kind}");
            Directory.CreateDirectory(outDir);
            try
            {
                var (summary, wall, peakKb) = RunCli(scene, model, Path.Combine(outDir, "out.parquet"), batch, device);
                int run = summary.GetProperty("tilesRunNow").GetInt32(), empty = summary.GetProperty("skippedEmptyTiles").GetInt32();
                double seconds = summary.GetProperty("seconds").GetDouble();
                double modelOnly = ModelOnly(model, run, batch, device);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {kind} | {run} ({empty}) | {seconds:0.0} (process {wall:0.0}) | {run / seconds:0.0} | {peakKb / 1024.0:0} MB | {modelOnly:0.0} | {run / modelOnly:0.0} | {seconds / modelOnly:0.00}× |"));
            }
            finally
            {
                Directory.Delete(outDir, recursive: true);
            }
        }

        return Task.FromResult(0);
    }

    /// <summary>Runs <c>sam3r run --json</c>; returns its summary, wall time and peak RSS (VmHWM, KiB).</summary>
    private static (JsonElement Summary, double Wall, long PeakKb) RunCli(string scene, string model, string output, int batch, string device)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), "run", "--input", scene, "--prompt", Prompts[0], "--prompt", Prompts[1], "--model", model, "--out", output, "--batch", batch.ToString(CultureInfo.InvariantCulture), "--device", device, "--json" })
        {
            info.ArgumentList.Add(a);
        }

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
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"sam3r run failed ({p.ExitCode}): {stderr.Result}");
        }

        return (JsonDocument.Parse(stdout.Result).RootElement.Clone(), wall, peak);
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

    /// <summary>The model alone: the same number of patches, in batches of the same size, no reading, no geometry.</summary>
    private static double ModelOnly(string model, int patches, int batch, string device)
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

        session.Run(batch, prompts); // warm-up
        var clock = Stopwatch.StartNew();
        for (int done = 0; done < patches; done += batch)
        {
            session.Run(Math.Min(batch, patches - done), prompts);
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.TryParse(OptionText(args, name, string.Empty), out var v) ? v : fallback;

    private static string OptionText(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
