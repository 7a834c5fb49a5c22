using System.Globalization;
using System.Text.Json;

namespace Sam3.Raster.Bench;

/// <summary>The fault benchmark's Markdown table: medians over the finished jobs, against the fault-free median and issue 19's targets.</summary>
internal static class FaultTable
{
    public static void Print(IReadOnlyDictionary<FaultScenario, List<FaultJob>> jobs, int size, string runSummary, string machine, TimeSpan faultAt, TimeSpan faultFor)
    {
        using var summary = JsonDocument.Parse(runSummary);
        int tiles = summary.RootElement.GetProperty("tiles").GetInt32();
        double? faultFree = jobs.FirstOrDefault(j => j.Key.Kind == FaultKind.None).Value is { } free && free.Any(j => j.Finished)
            ? Median(free.Where(j => j.Finished).Select(j => j.Seconds))
            : null;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"Synthetic scene {size}² px ({tiles} tiles), heavy model, prompts red + blue, three hosts (control+geo, gpu1, gpu2), every node in --seeds, default settings and batch; faults {faultAt.TotalSeconds:0} s into the job for {faultFor.TotalSeconds:0} s.");
        Console.WriteLine($"Machine: {machine}.");
        Console.WriteLine();
        Console.WriteLine($"| scenario | runs | median job s | min–max | × fault-free median | output identical | target (issue, at {FaultScenario.IssueFaultFree:0} s fault-free) | target scaled (× fault-free / {FaultScenario.IssueFaultFree:0}) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|");
        foreach (var (scenario, runs) in jobs)
        {
            var finished = runs.Where(j => j.Finished).Select(j => j.Seconds).ToList();
            int unfinished = runs.Count - finished.Count;
            string count = unfinished == 0 ? runs.Count.ToString(inv) : $"{runs.Count} ({string.Join(", ", runs.Where(j => !j.Finished).Select(j => j.Result))})";
            double? median = finished.Count > 0 ? Median(finished) : null;
            string Seconds(double? s) => s is { } v ? v.ToString("0.0", inv) : "–";
            string range = finished.Count > 0 ? $"{Seconds(finished.Min())}–{Seconds(finished.Max())}" : "–";
            string ratio = median is { } m && faultFree is { } f ? (m / f).ToString("0.00", inv) + "×" : "–";
            string target = scenario.Target is { } t ? $"≤ {t:0}" : "–";
            string scaled = scenario.Target is { } t2 && faultFree is { } f2 ? $"≤ {(t2 * f2 / FaultScenario.IssueFaultFree).ToString("0", inv)}" : "–";
            string identical = $"{runs.Count(j => j.Identical)}/{runs.Count}";
            Console.WriteLine($"| {scenario.Description} | {count} | {Seconds(median)} | {range} | {ratio} | {identical} | {target} | {scaled} |");
        }

        foreach (var (kind, what) in new[] { (FaultKind.GpuCut, "gpu1 cut"), (FaultKind.GpuKill, "gpu1 SIGKILLed") })
        {
            var resends = jobs.Where(j => j.Key.Kind == kind).SelectMany(j => j.Value).Select(j => j.Resend).ToList();
            if (resends.Count > 0)
            {
                string each = string.Join(", ", resends.Select(r => r is { } v ? v.ToString("0.0", inv) : "none in 60 s"));
                var seen = resends.OfType<double>().ToList();
                string median = seen.Count > 0 ? Median(seen).ToString("0.0", inv) : "–";
                Console.WriteLine();
                Console.WriteLine($"{what} → the control node's \"… tiles in flight there sent again\" line: {each} s (median {median} s; issue target ≤ 10 s).");
            }
        }

        Console.WriteLine();
        Console.WriteLine("Longest time in a job with no tile file written (from its first tile to its end), per run: " + string.Join("; ", jobs.Select(j => $"{j.Key.Name} {string.Join(" / ", j.Value.Select(r => r.Stall.ToString("0.0", inv)))}")) + " s.");
        Console.WriteLine();
        Console.WriteLine("Job times per run: " + string.Join("; ", jobs.Select(j => $"{j.Key.Name} {string.Join(" / ", j.Value.Select(r => r.Finished ? r.Seconds.ToString("0.0", inv) : r.Result))}")) + ".");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
