namespace Sam3.Raster.Bench;

/// <summary>
/// The <c>sam3r</c> the end-to-end benchmarks start: <c>SAM3R_BENCH_CLI</c> when set (scripts/bench.sh
/// points it at a ReadyToRun publish, as deployed), else the build next to the benchmark.
/// </summary>
internal static class CliBinary
{
    public static string Path =>
        Environment.GetEnvironmentVariable("SAM3R_BENCH_CLI") is { Length: > 0 } published
            ? published
            : System.IO.Path.Combine(AppContext.BaseDirectory, "sam3r.dll");
}
