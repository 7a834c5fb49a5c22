using Akka.Configuration;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Node-local settings of the pipeline (config/sam3r.conf, section <c>sam3r</c>), part of
/// <see cref="Sam3Settings"/>, where the command line's options are applied. None of them changes a
/// job's result.
/// </summary>
public sealed record PipelineSettings
{
    public int MaxInFlightTiles { get; init; } = JobEntitySettings.DefaultMaxInFlightTiles;

    public int Batch { get; init; } = 4;

    public TimeSpan BatchWait { get; init; } = TimeSpan.FromMilliseconds(20);

    public int Readers { get; init; } = 2;

    public int GeometryWorkers { get; init; } = 2;

    /// <summary>One device or a comma-separated list (<see cref="DeviceList"/>): one GPU actor each.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Whether ONNX Runtime's intra-op threads spin-wait while idle (they take cores the readers need on small CPU nodes).</summary>
    public bool ModelThreadsSpin { get; init; }

    /// <summary>Priority of the reading and vectorizing threads against the model's (<see cref="CpuSidePriority"/>).</summary>
    public CpuSidePriority CpuSidePriority { get; init; } = CpuSidePriority.Auto;

    /// <summary>The spec's <see cref="JobSpec.MaxTileAttempts"/> for jobs this node starts.</summary>
    public int TileAttempts { get; init; } = JobSpec.DefaultMaxTileAttempts;

    public int SnapshotEvery { get; init; } = JobEntitySettings.DefaultSnapshotEvery;

    public static PipelineSettings Default { get; } = new();

    public static PipelineSettings FromConfig(Config config)
    {
        var d = Default;
        return new PipelineSettings
        {
            MaxInFlightTiles = config.GetInt("sam3r.pipeline.max-in-flight-tiles", d.MaxInFlightTiles),
            Batch = config.GetInt("sam3r.pipeline.batch", d.Batch),
            BatchWait = config.GetTimeSpan("sam3r.pipeline.batch-wait", d.BatchWait),
            Readers = config.GetInt("sam3r.pipeline.readers", d.Readers),
            GeometryWorkers = config.GetInt("sam3r.pipeline.geometry-workers", d.GeometryWorkers),
            Device = config.GetString("sam3r.pipeline.device", d.Device),
            ModelThreadsSpin = config.GetBoolean("sam3r.pipeline.model-threads-spin", d.ModelThreadsSpin),
            CpuSidePriority = ParsePriority(config.GetString("sam3r.pipeline.cpu-side-priority", "auto")),
            TileAttempts = config.GetInt("sam3r.pipeline.tile-attempts", d.TileAttempts),
            SnapshotEvery = config.GetInt("sam3r.jobs.snapshot-every", d.SnapshotEvery),
        }.Validated();
    }

    public PipelineSettings Validated()
    {
        Check(MaxInFlightTiles >= 1, $"max-in-flight-tiles must be at least 1, got {MaxInFlightTiles}");
        Check(Batch >= 1, $"the batch size must be at least 1, got {Batch}");
        Check(BatchWait > TimeSpan.Zero, $"batch-wait must be positive, got {BatchWait}");
        Check(Readers >= 1, $"readers must be at least 1, got {Readers}");
        Check(GeometryWorkers >= 1, $"geometry-workers must be at least 1, got {GeometryWorkers}");
        Check(TileAttempts >= 1, $"tile-attempts must be at least 1, got {TileAttempts}");
        Check(SnapshotEvery >= 1, $"snapshot-every must be at least 1, got {SnapshotEvery}");
        _ = DeviceList.Parse(Device);
        return this;
    }

    private static CpuSidePriority ParsePriority(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => CpuSidePriority.Auto,
        "normal" => CpuSidePriority.Normal,
        "low" => CpuSidePriority.Low,
        _ => throw new ArgumentException($"cpu-side-priority must be auto, normal or low, got '{text}'"),
    };

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }
}
