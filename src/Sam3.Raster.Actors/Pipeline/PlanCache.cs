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

    /// <summary>
    /// Starts planning the scenes of <paramref name="spec"/>, one after another in scene order (the
    /// first is the first one needed), each spread over the cores by <see cref="TilePlannerActor.Plan"/>.
    /// </summary>
    public void PrepareAll(JobId id, JobSpec spec)
    {
        var queue = new List<(PlanScene Request, TaskCompletionSource<object> Plan)>();
        for (int scene = 0; scene < spec.Scenes.Count; scene++)
        {
            var request = PlanScene.For(id, spec, scene);
            var plan = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (plans.TryAdd(KeyOf(request), plan.Task))
            {
                queue.Add((request, plan));
            }
        }

        if (queue.Count == 0)
        {
            return; // every scene already planned or being planned (a second call is a no-op)
        }

        // One thread of its own, scene after scene: the pool's few threads are the starting actor
        // system's, and a job of many scenes must not start a planning thread set per scene at once.
        // Normal priority: at nice 19 (as the readers run beside a CPU model) two busy processes on
        // a 2-core machine held a 20000² plan back for 8 s, and the job with it.
        var planner = new Thread(() =>
        {
            foreach (var (request, plan) in queue)
            {
                try
                {
                    plan.SetResult(TilePlannerActor.Plan(request));
                }
                catch (Exception ex)
                {
                    // Plan reports a scene's failure as a reply; this is anything else, which the
                    // request then meets rather than waiting forever.
                    plan.SetException(ex);
                }
            }
        })
        {
            IsBackground = true,
            Name = "sam3r.plans",
        };
        planner.Start();
    }

    /// <summary>The plan being prepared for <paramref name="request"/>, left in place for the request itself; null when none is.</summary>
    public Task<object>? Peek(PlanScene request) =>
        plans.TryGetValue(KeyOf(request), out var plan) ? plan : null;

    /// <summary>The plan prepared for <paramref name="request"/> (waiting for it if still running), or null when none was.</summary>
    public object? TryTake(PlanScene request) =>
        plans.TryRemove(KeyOf(request), out var plan) ? plan.GetAwaiter().GetResult() : null;

    private static string KeyOf(PlanScene r) =>
        string.Join('\u001f', r.JobId.Value, r.Scene, r.ScenePath, r.Tiles.TileSize, r.Tiles.Overlap, r.Bands is null ? "-" : string.Join(',', r.Bands));
}
