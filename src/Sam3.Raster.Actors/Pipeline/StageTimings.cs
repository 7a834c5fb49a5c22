using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Where a node's pipeline time goes, for profiling: with <c>SAM3R_TIMINGS=1</c> each stage adds its
/// elapsed time here, and the totals (calls, seconds, ms per call) go to stderr when the process
/// exits, with when each stage first started and last ended (seconds since the process started:
/// the start-up and the tail of a run show there). Off (the default) it costs one static bool
/// test per stage.
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

        long now = Stopwatch.GetTimestamp();
        var t = Totals.GetOrAdd(stage, _ => [0, 0, long.MaxValue, 0]);
        Interlocked.Increment(ref t[0]);
        Interlocked.Add(ref t[1], now - start);
        Keep(ref t[2], start, earlier: true);
        Keep(ref t[3], now, earlier: false);
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Print();
        }
    }

    private static void Print()
    {
        long processStart = Stopwatch.GetTimestamp() - (long)((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds * Stopwatch.Frequency);
        double Since(long ticks) => (ticks - processStart) / (double)Stopwatch.Frequency;
        foreach (var (stage, t) in Totals.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            double s = t[1] / (double)Stopwatch.Frequency;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"timing {stage,-16} {t[0],7} calls {s,8:0.000} s {1000 * s / Math.Max(1, t[0]),8:0.00} ms/call   first {Since(t[2]),6:0.00} s, last {Since(t[3]),6:0.00} s"));
        }
    }

    /// <summary>Stores <paramref name="value"/> if it is earlier (or later) than what the slot holds, lock-free.</summary>
    private static void Keep(ref long slot, long value, bool earlier)
    {
        for (long seen = Volatile.Read(ref slot); earlier ? value < seen : value > seen; seen = Volatile.Read(ref slot))
        {
            if (Interlocked.CompareExchange(ref slot, value, seen) == seen)
            {
                return;
            }
        }
    }
}
