using System.Collections.Concurrent;
using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// The cancelled runs of jobs, as this node has heard of them (<see cref="Nodes.NodeProtocol.DropJob"/>):
/// the readers, GPU actors and geometry actors drop a tile of a cancelled run instead of reading,
/// running or storing it. A run is the job's cancellation count when the tile was sent, so tiles
/// sent after the job was resumed are not dropped. Shared by the node's actors (thread-safe).
/// </summary>
public sealed class DroppedJobs
{
    private readonly ConcurrentDictionary<JobId, int> cancelledRuns = new();

    /// <summary>Every tile of <paramref name="job"/> sent in run <paramref name="run"/> or before is dropped from now on.</summary>
    public void Drop(JobId job, int run) => cancelledRuns.AddOrUpdate(job, run, (_, old) => Math.Max(old, run));

    public bool IsDropped(ProcessTile work) => cancelledRuns.TryGetValue(work.JobId, out int run) && work.Run <= run;
}
