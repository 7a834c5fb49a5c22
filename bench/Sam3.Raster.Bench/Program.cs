using Sam3.Raster.Bench;

if (args.Length == 0 || !BenchmarkCatalog.All.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: scripts/bench.sh <benchmark> [options]");
    Console.Error.WriteLine("benchmarks: " + string.Join(", ", BenchmarkCatalog.All.Keys));
    return 2;
}

return await run(args[1..]);
