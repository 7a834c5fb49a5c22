namespace Sam3.Raster.Bench;

/// <summary>Benchmarks by name: each reads its own options and prints a Markdown table.</summary>
internal static class BenchmarkCatalog
{
    public static IReadOnlyDictionary<string, Func<string[], Task<int>>> All { get; } =
        new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
        {
            ["tiling"] = TilingBenchmark.Run,
            ["inference"] = InferenceBenchmark.Run,
            ["vectorize"] = VectorizeBenchmark.Run,
            ["pipeline"] = PipelineBenchmark.Run,
            ["cluster"] = ClusterBenchmark.Run,
            ["merge"] = MergeBenchmark.Run,
            ["gpu"] = GpuBenchmark.Run,
            ["geoparquet"] = GeoParquetBenchmark.Run,
            ["maskraster"] = MaskRasterBenchmark.Run,
            ["faults"] = FaultBenchmark.Run,
        };
}
