namespace Sam3.Raster.Actors.Pipeline;

/// <summary>Dispatchers of the pipeline: GDAL reads, vectorizing and file writes block, so they get their own threads.</summary>
public static class PipelineDispatchers
{
    public const string Blocking = "sam3r.blocking-dispatcher";

    public static string Hocon(int threads) =>
        $$"""
        sam3r.blocking-dispatcher {
          type = ForkJoinDispatcher
          throughput = 1
          dedicated-thread-pool {
            thread-count = {{threads}}
          }
        }
        """;
}
