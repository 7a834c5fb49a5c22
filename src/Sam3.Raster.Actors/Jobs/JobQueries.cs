using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>Read-only questions to a job entity.</summary>
public static class JobQueries
{
    public sealed record GetJobProgress(JobId JobId) : IWithJobId, ISam3Message;

    /// <summary>Registers the sender to receive a <see cref="JobProgress"/> whenever the job changes, and at the end.</summary>
    public sealed record SubscribeToJob(JobId JobId) : IWithJobId, ISam3Message;

    /// <summary>Every planned tile of the job with its core window and <see cref="TileStatus"/>; answered by <see cref="JobTiles"/>.</summary>
    public sealed record GetJobTiles(JobId JobId) : IWithJobId, ISam3Message;
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

/// <summary>
/// A job's tiles as its entity sees them now, scene by scene in spec order, in scene pixels (the
/// map turns them into lon/lat). <paramref name="Spec"/> (null for a job never submitted) says how
/// the job cuts its scenes, so a reader can rebuild the cores the entity does not hold (see
/// <see cref="TileState.Core"/>), and where its tile results and outputs are.
/// </summary>
public sealed record JobTiles(JobId JobId, JobStatus Status, JobSpec? Spec, IReadOnlyList<SceneTileStates> Scenes) : IWithJobId, ISam3Message;

/// <summary>One scene of a job: its path or URI and its tiles in id order (none while it is not planned).</summary>
public sealed record SceneTileStates(int Scene, string Path, IReadOnlyList<TileState> Tiles);

/// <summary>
/// One tile: its id, the core it owns (scene pixels; cores never overlap) and where it stands. The
/// core is null where the entity no longer holds the scene's plan (a finished job recovered from
/// its journal): it is the tile's core in the plain grid of the scene's size and the job's tiles.
/// </summary>
public sealed record TileState(int Id, Sam3.Raster.Tiling.Geo.PixelWindow? Core, TileStatus Status);
