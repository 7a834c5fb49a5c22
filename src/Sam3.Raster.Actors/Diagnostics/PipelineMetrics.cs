using System.Diagnostics.Metrics;

namespace Sam3.Raster.Actors.Diagnostics;

/// <summary>
/// The pipeline's metrics (System.Diagnostics.Metrics, meter <see cref="MeterName"/>), recorded where
/// the work happens. Read them with <c>dotnet-counters monitor -n sam3r --counters Sam3.Raster</c> or
/// OpenTelemetry (<c>AddMeter("Sam3.Raster")</c>). Tiles per second is the rate of
/// <see cref="TilesCompleted"/>. Tags carry nothing per job or tile: their number must stay small.
/// </summary>
public static class PipelineMetrics
{
    public const string MeterName = "Sam3.Raster";

    /// <summary>The name of <see cref="RunDuration"/>, for listeners that must not start this class's initializer.</summary>
    public const string RunDurationName = "sam3r.model.run.duration";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Tiles vectorized and stored by the geometry actors (their rate is tiles/s).</summary>
    public static readonly Counter<long> TilesCompleted =
        Meter.CreateCounter<long>("sam3r.tiles.completed", "{tile}", "Tiles whose result was vectorized and stored");

    /// <summary>Failed tile attempts recorded by the job entities (read, model run, store or timeout); each is retried.</summary>
    public static readonly Counter<long> TileFailures =
        Meter.CreateCounter<long>("sam3r.tiles.failed", "{tile}", "Failed tile attempts (retried up to tile-attempts)");

    /// <summary>Tiles dispatched by the job entities on this node and not yet settled (the credit windows in use).</summary>
    public static readonly UpDownCounter<long> TilesInFlight =
        Meter.CreateUpDownCounter<long>("sam3r.tiles.in_flight", "{tile}", "Tiles dispatched and not yet completed or failed");

    /// <summary>Patches read and handed to the GPU actor, waiting for their model run.</summary>
    public static readonly UpDownCounter<long> ModelQueue =
        Meter.CreateUpDownCounter<long>("sam3r.model.queue", "{patch}", "Patches waiting for a model run");

    /// <summary>Patches per model run, tagged <c>gpu</c> with the GPU actor (<c>gpu-0</c>, <c>gpu-1</c>, … one per device).</summary>
    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("sam3r.model.batch_size", "{patch}", "Patches per model run");

    /// <summary>Wall time of one model run (session call), in seconds, tagged <c>gpu</c> like <see cref="BatchSize"/>.</summary>
    public static readonly Histogram<double> RunDuration =
        Meter.CreateHistogram<double>(RunDurationName, "s", "Wall time of one model run");
}
