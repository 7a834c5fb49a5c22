using System.Collections.Immutable;
using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Entities;

/// <summary>
/// What a job entity has asked for and not yet heard back about: scene plans, tiles (queued and in
/// flight within the credit window of <see cref="JobEntitySettings.MaxInFlightTiles"/>) and the
/// outputs. Kept beside <see cref="JobState"/> and never persisted: after a restart every tile not
/// recorded as done is queued again. A pure value: every change returns a new dispatch and, where
/// the entity must act, what to send; the caller passes the time in and the job's state, which
/// decides whether a tile is done and what the job is doing.
/// </summary>
public sealed record TileDispatch
{
    private readonly JobEntitySettings settings;
    private ImmutableDictionary<int, SceneTiles> plans = ImmutableDictionary<int, SceneTiles>.Empty;
    private ImmutableDictionary<int, DateTime> plansAsked = ImmutableDictionary<int, DateTime>.Empty;
    private ImmutableList<TileKey> queue = [];
    private ImmutableHashSet<TileKey> queued = [];
    private ImmutableDictionary<TileKey, DateTime> inFlight = ImmutableDictionary<TileKey, DateTime>.Empty;
    private ImmutableHashSet<TileKey> overdue = [];
    private DateTime? outputsAsked;

    public TileDispatch(JobEntitySettings settings) => this.settings = settings;

    /// <summary>Tiles sent and not settled: never more than the window, except briefly after a timeout (see <see cref="Completed"/>).</summary>
    public int InFlightCount => inFlight.Count;

    /// <summary>The scene plans the job has received since it (re)started, by scene index.</summary>
    public IReadOnlyDictionary<int, SceneTiles> Plans => plans;

    /// <summary>Tiles waiting for a credit, first to go first.</summary>
    public IReadOnlyList<TileKey> Queue => queue;

    /// <summary>
    /// How often every tile in flight was sent again after a node loss. It moves each tile to the
    /// next worker (with its failed attempts, it picks the worker): the old one may live on the lost node.
    /// </summary>
    public int Reroutes { get; private init; }

    public bool IsInFlight(TileKey key) => inFlight.ContainsKey(key);

    /// <summary>
    /// What to send now that <paramref name="state"/> is as it is: the plans not asked for (or asked
    /// too long ago), up to <paramref name="sendable"/> tiles within the window (tiles done since they
    /// were queued are dropped), and, once every tile is done and every plan is in, the outputs once.
    /// </summary>
    public (TileDispatch Next, DispatchOrders Orders) Advance(JobState state, int sendable, DateTime now)
    {
        if (state.Spec is not { } spec || state.Status is not (JobStatus.Planning or JobStatus.Running or JobStatus.Writing))
        {
            return (this, DispatchOrders.None);
        }

        var askPlans = Enumerable.Range(0, spec.Scenes.Count).Where(s => !plans.ContainsKey(s) && !plansAsked.ContainsKey(s)).ToList();
        var next = this with { plansAsked = plansAsked.SetItems(askPlans.Select(s => KeyValuePair.Create(s, now))) };
        if (state.Status == JobStatus.Writing)
        {
            bool write = outputsAsked is null && plans.Count == spec.Scenes.Count;
            return write
                ? (next with { outputsAsked = now }, new DispatchOrders(askPlans, [], [.. Enumerable.Range(0, spec.Scenes.Count).Select(s => plans[s])]))
                : (next, new DispatchOrders(askPlans, [], null));
        }

        var tiles = new List<TileOrder>();
        var nextQueue = queue.ToBuilder();
        var nextQueued = queued.ToBuilder();
        var nextInFlight = inFlight.ToBuilder();
        while (tiles.Count < sendable && nextInFlight.Count < settings.MaxInFlightTiles && nextQueue.Count > 0)
        {
            var key = nextQueue[0];
            nextQueue.RemoveAt(0);
            nextQueued.Remove(key);
            if (!state.IsTileDone(key))
            {
                nextInFlight[key] = now;
                tiles.Add(new TileOrder(key, plans[key.Scene].Tiles[key.Tile], state.Scenes[key.Scene].AttemptsOf(key.Tile) + Reroutes));
            }
        }

        return (next with { queue = nextQueue.ToImmutable(), queued = nextQueued.ToImmutable(), inFlight = nextInFlight.ToImmutable() }, new DispatchOrders(askPlans, tiles, null));
    }

    /// <summary>A scene's plan is in (the job has recorded it): its tiles not done join the back of the queue.</summary>
    public TileDispatch Planned(SceneTiles plan, JobState state)
    {
        var next = this with { plans = plans.SetItem(plan.Scene, plan), plansAsked = plansAsked.Remove(plan.Scene) };
        return state.Scenes.TryGetValue(plan.Scene, out var scene)
            ? next.Enqueue(scene.PendingTiles.Select(t => new TileKey(plan.Scene, t)), front: false)
            : next;
    }

    /// <summary>
    /// A tile's result is recorded: its credit returns. After a timeout, the late answer of the first
    /// attempt returns the credit of the second one early: the window can then be exceeded by one
    /// tile per timed-out tile, briefly.
    /// </summary>
    public TileDispatch Completed(TileKey key) => Settle(key);

    /// <summary>A tile's attempt failed (as recorded in <paramref name="state"/>): its credit returns, and it goes first in the queue if the job goes on.</summary>
    public TileDispatch Failed(TileKey key, JobState state)
    {
        var next = Settle(key);
        return state.IsFinished || state.IsTileDone(key) ? next : next.Enqueue([key], front: true);
    }

    /// <summary>
    /// A gpu node is gone and the tiles in flight may have been on it: all of them go first in the
    /// queue (oldest first), to other workers. Not failed attempts: duplicates are harmless, as a
    /// stored tile is reported, not recomputed, and recording a tile twice is a no-op.
    /// </summary>
    public TileDispatch Rerouted() => Rerouted(_ => true);

    /// <summary>
    /// As <see cref="Rerouted()"/>, for the tiles in flight that <paramref name="lost"/> says may
    /// have been on the lost node (the others stay in flight where they are).
    /// </summary>
    public TileDispatch Rerouted(Func<TileKey, bool> lost)
    {
        var sent = inFlight.Where(kv => lost(kv.Key)).OrderBy(kv => kv.Value).ThenBy(kv => kv.Key.Scene).ThenBy(kv => kv.Key.Tile).Select(kv => kv.Key).ToList();
        if (sent.Count == 0)
        {
            return this;
        }

        var cleared = this with { inFlight = inFlight.RemoveRange(sent), overdue = overdue.Except(sent), Reroutes = Reroutes + 1 };
        return cleared.Enqueue(sent, front: true);
    }

    /// <summary>
    /// Forgets the plan and output requests unanswered for longer than their timeouts (the node that
    /// had them may be gone: <see cref="Advance"/> asks again), and returns the tiles in flight for
    /// longer than the tile timeout, each once: the caller records them as failed attempts.
    /// </summary>
    public (TileDispatch Next, IReadOnlyList<TileKey> Overdue) Expire(JobState state, DateTime now)
    {
        var tileDeadline = now - settings.TileTimeout;
        var late = inFlight.Where(kv => kv.Value < tileDeadline && !overdue.Contains(kv.Key)).OrderBy(kv => kv.Value).Select(kv => kv.Key).ToList();
        var planDeadline = now - settings.PlanTimeout;
        var next = this with
        {
            plansAsked = plansAsked.RemoveRange(plansAsked.Where(kv => kv.Value < planDeadline).Select(kv => kv.Key)),
            outputsAsked = state.Status == JobStatus.Writing && outputsAsked < now - settings.WriteTimeout ? null : outputsAsked,
            overdue = overdue.Union(late),
        };
        return (next, late);
    }

    private TileDispatch Settle(TileKey key) =>
        inFlight.ContainsKey(key) ? this with { inFlight = inFlight.Remove(key), overdue = overdue.Remove(key) } : this;

    private TileDispatch Enqueue(IEnumerable<TileKey> keys, bool front)
    {
        var add = keys.Where(k => !inFlight.ContainsKey(k) && !queued.Contains(k)).Distinct().ToList();
        return add.Count == 0
            ? this
            : this with { queue = front ? queue.InsertRange(0, add) : queue.AddRange(add), queued = queued.Union(add) };
    }
}
