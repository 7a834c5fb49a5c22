using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Where a node's pipeline time goes, for profiling: with <c>SAM3R_TIMINGS=1</c> each stage adds its
/// elapsed time here, and the totals (calls, seconds, ms per call) go to stderr when the process
/// exits. Off (the default) it costs one static bool test per stage.
/// </summary>
internal static class StageTimings
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("SAM3R_TIMINGS") == "1";

    private static readonly ConcurrentDictionary<string, long[]> Totals = new(StringComparer.Ordinal);
    private static int registered;

    public static long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void Add(string stage, long start)
    {
        if (!Enabled)
        {
            return;
        }

        long ticks = Stopwatch.GetTimestamp() - start;
        var t = Totals.GetOrAdd(stage, _ => new long[2]);
        Interlocked.Increment(ref t[0]);
        Interlocked.Add(ref t[1], ticks);
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Print();
        }
    }

    private static void Print()
    {
        foreach (var (stage, t) in Totals.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            double s = t[1] / (double)Stopwatch.Frequency;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing {stage,-16} {t[0],7} calls {s,8:0.000} s {1000 * s / Math.Max(1, t[0]),8:0.00} ms/call"));
        }
    }
}
