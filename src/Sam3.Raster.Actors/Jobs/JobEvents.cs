using System.Text.Json.Serialization;
using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>The facts a job's journal holds. Applying them in order rebuilds <see cref="JobState"/>.</summary>
public static class JobEvents
{
    public interface IJobEvent : IWithJobId, ISam3Message;

    public sealed record JobSubmitted(JobId JobId, JobSpec Spec) : IJobEvent;

    /// <summary>A scene was cut into <paramref name="TileCount"/> tiles, of which the listed ones are all nodata.</summary>
    public sealed record ScenePlanned(JobId JobId, int Scene, int TileCount, IReadOnlyList<int> EmptyTiles) : IJobEvent;

    /// <summary>A tile's result is durable in the job's work folder; <paramref name="Features"/> counts its raw (unmerged) features.</summary>
    /// <param name="Node">The gpu node that ran it (cluster address); absent in events recorded before nodes were named.</param>
    public sealed record TileCompleted(
        JobId JobId,
        int Scene,
        int Tile,
        int Features,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Node = null) : IJobEvent;

    /// <summary>Attempt <paramref name="Attempt"/> (1-based) of a tile failed.</summary>
    public sealed record TileFailed(JobId JobId, int Scene, int Tile, string Reason, int Attempt) : IJobEvent;

    /// <summary>Every tile is done and the outputs are written.</summary>
    public sealed record JobCompleted(JobId JobId, JobResult Result) : IJobEvent;

    public sealed record JobFailed(JobId JobId, string Reason) : IJobEvent;

    /// <summary>Stopped on request; the tiles done stay recorded.</summary>
    public sealed record JobCancelled(JobId JobId) : IJobEvent;

    /// <summary>A cancelled job submitted again (same spec): it goes on from the tiles done.</summary>
    public sealed record JobResumed(JobId JobId) : IJobEvent;
}
