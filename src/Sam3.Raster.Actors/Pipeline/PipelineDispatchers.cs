namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Dispatchers of the pipeline: GDAL reads, vectorizing and file writes block, so they get threads
/// of their own, away from the actor system's default dispatcher.
/// </summary>
public static class PipelineDispatchers
{
    /// <summary>Threads shared by the planner and the output writer.</summary>
    public const string Blocking = "sam3r.blocking-dispatcher";

    /// <summary>
    /// One thread per actor, for the readers and geometry actors: a thread that serves one actor
    /// only can take that actor's priority once, when it starts (<see cref="CpuSideThread"/>).
    /// </summary>
    public const string CpuSide = "sam3r.cpu-side-dispatcher";

    public static string Hocon(int blockingThreads) =>
        $$"""
        sam3r.blocking-dispatcher {
          type = ForkJoinDispatcher
          throughput = 1
          dedicated-thread-pool {
            thread-count = {{blockingThreads}}
          }
        }
        sam3r.cpu-side-dispatcher {
          type = PinnedDispatcher
        }
        """;
}
