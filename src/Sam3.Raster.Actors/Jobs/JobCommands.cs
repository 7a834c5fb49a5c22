using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>What a job entity is asked to do or record. Each is answered by a <see cref="JobCommandResult"/>.</summary>
public static class JobCommands
{
    public interface IJobCommand : IWithJobId, ISam3Message;

    /// <summary>Submits a new job, or resumes the recorded one when the spec is the same.</summary>
    public sealed record StartJob(JobId JobId, JobSpec Spec) : IJobCommand;

    public sealed record RecordScenePlan(JobId JobId, int Scene, int TileCount, IReadOnlyList<int> EmptyTiles) : IJobCommand;

    /// <param name="Node">The cluster address of the gpu node that ran the tile (stamped by its tile worker); null when unknown.</param>
    public sealed record RecordTileCompleted(JobId JobId, int Scene, int Tile, int Features, string? Node = null) : IJobCommand;

    public sealed record RecordTileFailed(JobId JobId, int Scene, int Tile, string Reason) : IJobCommand;

    public sealed record RecordOutputsWritten(JobId JobId, JobResult Result) : IJobCommand;

    public sealed record FailJob(JobId JobId, string Reason) : IJobCommand;

    /// <summary>
    /// Stops a planning or running job: nothing more is dispatched, tiles in flight are dropped, no
    /// outputs are written. A job already writing its outputs is not cancelled.
    /// </summary>
    public sealed record CancelJob(JobId JobId) : IJobCommand;
}

public enum JobCommandOutcome
{
    /// <summary>The command changed the job (events were recorded).</summary>
    Accepted,

    /// <summary>The command was already applied (e.g. a tile recorded twice); nothing changed.</summary>
    AlreadyApplied,

    /// <summary>The command does not fit the job (unknown scene or tile, a different spec, a finished job).</summary>
    Rejected,
}

public sealed record JobCommandResult(JobId JobId, JobCommandOutcome Outcome, string? Reason = null) : IWithJobId, ISam3Message
{
    public static JobCommandResult Accepted(JobId id) => new(id, JobCommandOutcome.Accepted);

    public static JobCommandResult AlreadyApplied(JobId id, string reason) => new(id, JobCommandOutcome.AlreadyApplied, reason);

    public static JobCommandResult Rejected(JobId id, string reason) => new(id, JobCommandOutcome.Rejected, reason);
}
