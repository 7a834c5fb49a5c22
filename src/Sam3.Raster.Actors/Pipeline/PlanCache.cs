using System.Collections.Concurrent;
using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Scene plans computed ahead of the job entity's request. <c>sam3r run</c> knows its scenes before
/// its node starts, so it plans them while the node forms its cluster and opens the job journal
/// (about a second, most of a run's start-up): the planner then answers the entity at once. An
/// entry is taken once, and only by the request it was made for (same job, scene, file, tiling
/// and bands); a node that was never told a job in advance plans as before.
/// </summary>
public sealed class PlanCache
{
    private readonly ConcurrentDictionary<string, Task<object>> plans = new(StringComparer.Ordinal);

    /// <summary>Starts planning every scene of <paramref name="spec"/>, each on a thread of its own.</summary>
    public void PrepareAll(JobId id, JobSpec spec)
    {
        for (int scene = 0; scene < spec.Scenes.Count; scene++)
        {
            var request = PlanScene.For(id, spec, scene);
            // A thread of its own: the pool's few threads are the starting actor system's. At normal
            // priority: at nice 19 (as the readers run beside a CPU model) two busy processes on a
            // 2-core machine held a 20000² plan back for 8 s, and the job with it.
            plans.TryAdd(KeyOf(request), Task.Factory.StartNew(
                () => TilePlannerActor.Plan(request),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default));
        }
    }

    /// <summary>The plan prepared for <paramref name="request"/> (waiting for it if still running), or null when none was.</summary>
    public object? TryTake(PlanScene request) =>
        plans.TryRemove(KeyOf(request), out var plan) ? plan.GetAwaiter().GetResult() : null;

    private static string KeyOf(PlanScene r) =>
        string.Join('\u001f', r.JobId.Value, r.Scene, r.ScenePath, r.Tiles.TileSize, r.Tiles.Overlap, r.Bands is null ? "-" : string.Join(',', r.Bands));
}
