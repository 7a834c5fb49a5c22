using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>Read-only questions to a job entity.</summary>
public static class JobQueries
{
    public sealed record GetJobProgress(JobId JobId) : IWithJobId, ISam3Message;

    /// <summary>Registers the sender to receive a <see cref="JobProgress"/> whenever the job changes, and at the end.</summary>
    public sealed record SubscribeToJob(JobId JobId) : IWithJobId, ISam3Message;
}

/// <summary>
/// A job's progress, as the CLI shows it. Empty tiles and tiles outside the AOI count as done (they
/// are skipped); <see cref="TilesEmpty"/> and <see cref="TilesOutsideAoi"/> count them apart (a tile
/// both empty and outside counts as outside).
/// </summary>
public sealed record JobProgress(
    JobId JobId,
    JobStatus Status,
    int ScenesPlanned,
    int SceneCount,
    int TilesTotal,
    int TilesDone,
    int TilesEmpty,
    long RawFeatures,
    int TileFailures,
    JobResult? Result,
    string? FailureReason,
    JobSpec? Spec = null,
    IReadOnlyList<NodeTiles>? Nodes = null,
    int TilesOutsideAoi = 0) : IWithJobId, ISam3Message
{
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;
}
