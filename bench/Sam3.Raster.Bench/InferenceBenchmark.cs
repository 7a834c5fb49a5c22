using System.Diagnostics;
using Sam3.Inference.Contract;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;

namespace Sam3.Raster.Bench;

/// <summary>
/// Where a batch's time goes around the model: our pre-processing (filling the pinned input slots
/// from 8-bit CHW tiles and normalizing), the ONNX Runtime run, and our post-processing (scores,
/// boxes, upsampling kept masks). Heavy contract model, CPU; medians over repetitions.
/// Options: --reps N (5), --queries Q (200, SAM3's), --threads T (0 = ONNX Runtime default), --device D (cpu),
/// --masks auto|whole|gather (auto: gathered on the device on CUDA, read in place on the CPU).
/// </summary>
internal static class InferenceBenchmark
{
    private static readonly string[] Words = ["red", "green", "blue", "tree"];

    public static Task<int> Run(string[] args)
    {
        var reps = Option(args, "--reps", 5);
        var queries = Option(args, "--queries", 200);
        var masks = Enum.Parse<MaskTransfer>(OptionText(args, "--masks", "auto"), ignoreCase: true);
        var threads = Option(args, "--threads", 0);
        var device = ExecutionDevice.Parse(OptionText(args, "--device", "cpu"));
        var dir = Path.Combine(Path.GetTempPath(), $"sam3r-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var model = Path.Combine(dir, "heavy.onnx");
            ContractModelFactory.WriteHeavyModel(model, queries);
            using var session = Sam3Session.Open(model, new Sam3SessionOptions(device, MaxBatchSize: 8, IntraOpThreads: threads, MaskTransfer: masks));
            Console.Error.WriteLine($"device: {session.DeviceDescription}; masks {(session.GathersMasks ? "gathered (kept queries only)" : "whole")}");
            var tiles = Enumerable.Range(0, 8).Select(Tile).ToArray();

            Console.WriteLine($"Heavy contract model, Q = {queries}, masks 288², {reps} repetitions after one warm-up, medians in ms.");
            Console.WriteLine();
            Console.WriteLine("| B | P | pre (fill + normalize) | ORT run | post (decode + upsample) | ours / run | detections |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var batch in new[] { 1, 4, 8 })
            {
                foreach (var promptCount in new[] { 1, 4 })
                {
                    var prompts = PromptSet.Create(Words[..promptCount]);
                    var pre = new List<double>();
                    var run = new List<double>();
                    var post = new List<double>();
                    var detections = 0;
                    for (var rep = 0; rep <= reps; rep++)
                    {
                        var t0 = Stopwatch.GetTimestamp();
                        for (var b = 0; b < batch; b++)
                        {
                            var slot = session.ImageSlot(b);
                            tiles[b].CopyTo(slot); // stands in for GDAL reading straight into the slot
                            PatchNormalization.NormalizeByteRangeInPlace(slot);
                        }

                        var t1 = Stopwatch.GetTimestamp();
                        using var outputs = session.RunRaw(batch, prompts);
                        var t2 = Stopwatch.GetTimestamp();
                        detections = Sam3Session.Decode(outputs, prompts.Count, 0.5f).Count;
                        var t3 = Stopwatch.GetTimestamp();
                        if (rep > 0)
                        {
                            pre.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                            run.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
                            post.Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
                        }
                    }

                    var (mPre, mRun, mPost) = (Median(pre), Median(run), Median(post));
                    Console.WriteLine($"| {batch} | {promptCount} | {mPre:F1} | {mRun:F1} | {mPost:F1} | {100 * (mPre + mPost) / mRun:F1}% | {detections} |");
                }
            }

            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>An 8-bit CHW tile as floats: grey ground, one red and one blue building-sized rectangle.</summary>
    internal static float[] Tile(int seed)
    {
        const int S = ModelContract.PatchSize;
        var tile = new float[ModelContract.ImageLength];
        for (var row = 0; row < S; row++)
        {
            for (var col = 0; col < S; col++)
            {
                (float r, float g, float b) = (100 + ((row + seed) % 7), 105, 98);
                if (col is >= 100 and < 300 && row >= 50 + (seed * 40) && row < 200 + (seed * 40))
                {
                    (r, g, b) = (220, 30, 40);
                }
                else if (col is >= 600 and < 680 && row is >= 500 and < 900)
                {
                    (r, g, b) = (30, 50, 230);
                }

                var i = (row * S) + col;
                (tile[i], tile[(S * S) + i], tile[(2 * S * S) + i]) = (r, g, b);
            }
        }

        return tile;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.TryParse(OptionText(args, name, string.Empty), out var v) ? v : fallback;

    private static string OptionText(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
