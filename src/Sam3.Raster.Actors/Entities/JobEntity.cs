using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Sharding.Delivery;
using Akka.Event;
using Akka.Persistence;
using Akka.Util;
using Sam3.Raster.Actors.Diagnostics;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobEvents;
using static Sam3.Raster.Actors.Jobs.JobQueries;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Entities;

/// <summary>
/// One job, as a sharded event-sourced entity (entity id = job id). The job's decisions are made by
/// <see cref="JobState.ProcessCommand"/>, what to ask for and send next by <see cref="TileDispatch"/>
/// (plans, tiles within the credit window, outputs, timeouts); this actor persists the events,
/// applies them and sends what the dispatch orders. What is in flight is not persisted: after a
/// restart every tile not recorded as done is run again, and recording a result twice is a no-op.
/// Work starts on <see cref="StartJob"/> (submit or resume).
/// </summary>
public sealed class JobEntity : ReceivePersistentActor, IWithTimers
{
    private readonly JobEntitySettings settings;
    private readonly JobPipeline pipeline;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly HashSet<IActorRef> subscribers = [];
    private readonly NodePace pace = new();
    private readonly Dictionary<TileKey, string> sentTo = [];
    private JobState state;
    private TileDispatch dispatch;
    private TileWorkerHomes homes = TileWorkerHomes.Empty;
    private bool active;
    private IActorRef? producer;
    private IActorRef? channel;

    public JobEntity(string entityId, JobEntitySettings settings, JobPipeline pipeline)
    {
        this.settings = settings;
        this.pipeline = pipeline;
        state = JobState.Empty(new JobId(entityId));
        dispatch = new TileDispatch(settings);
        PersistenceId = PersistenceIdOf(entityId);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is JobSnapshot snapshot)
            {
                state = snapshot.ToState();
            }
        });
        Recover<IJobEvent>(e => state = state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            // In a cluster nobody restarts a job after its control node went away: a job recovered
            // unfinished resumes by itself (whatever message woke it). Tiles recorded are not run again.
            if (pipeline.TileWorkers is not null && state.Spec is not null && !state.IsFinished)
            {
                active = true;
                Self.Tell(ResumeRecovered.Instance);
            }
        });

        Command<StartJob>(start =>
        {
            var requester = Sender;
            Execute(start, requester, reply =>
            {
                if (reply.Outcome != JobCommandOutcome.Rejected)
                {
                    active = true;
                    Subscribe(requester);
                    requester.Tell(Progress());
                    Drive();
                }
            });
        });
        Command<SceneTiles>(OnSceneTiles);
        Command<ScenePlanFailed>(failed => Execute(new FailJob(state.Id, $"cannot plan {state.SceneName(failed.Scene)}: {failed.Reason}"), ActorRefs.Nobody, _ => { }));
        Command<RecordTileCompleted>(done => Execute(done, Learn(Sender), reply =>
        {
            if (reply.Outcome == JobCommandOutcome.Accepted && done.Node is { } node)
            {
                pace.Record(node, DateTime.UtcNow);
            }

            Dispatch = Dispatch.Completed(new TileKey(done.Scene, done.Tile));
            sentTo.Remove(new TileKey(done.Scene, done.Tile));
            Drive();
        }));
        Command<RecordTileFailed>(failed => Execute(failed, Learn(Sender), _ =>
        {
            var key = new TileKey(failed.Scene, failed.Tile);
            log.Warning("{0}: {1} failed: {2}", state.Id, state.Describe(key), failed.Reason);
            PipelineMetrics.TileFailures.Add(1);
            Dispatch = Dispatch.Failed(key, state);
            Drive();
        }));
        Command<CancelJob>(cancel => Execute(cancel, Sender, reply =>
        {
            if (reply.Outcome == JobCommandOutcome.Accepted)
            {
                Cancelled();
            }
        }));
        Command<Pipeline.PipelineMessages.TileDropped>(_ => { });
        Command<IJobCommand>(command => Execute(command, Sender, _ => Drive()));
        Command<CheckTimeouts>(_ => ExpireTiles());
        Command<ResumeRecovered>(_ => Drive());
        Command<Akka.Cluster.ClusterEvent.UnreachableMember>(lost => Reroute(lost.Member, unreachable: true));
        Command<Akka.Cluster.ClusterEvent.ReachableMember>(back => homes = homes.Reached(back.Member.Address));
        Command<Akka.Cluster.ClusterEvent.MemberRemoved>(removed =>
        {
            Reroute(removed.Member, unreachable: false);
            homes = homes.Removed(removed.Member.Address);
        });
        Command<Akka.Cluster.ClusterEvent.IMemberEvent>(_ => { });
        Command<Akka.Cluster.ClusterEvent.CurrentClusterState>(current =>
        {
            foreach (var member in current.Unreachable.Where(m => m.HasRole(Cluster.ClusterConstants.GpuRole)))
            {
                homes = homes.Unreached(member.Address);
            }
        });
        Command<ShardingProducerController.RequestNext<ProcessTile>>(next =>
        {
            channel = next.SendNextTo;
            Drive();
        });
        Command<GetJobProgress>(_ => Sender.Tell(Progress()));
        Command<GetJobTiles>(_ => Sender.Tell(JobTileView.Of(state, Dispatch)));
        Command<SubscribeToJob>(_ =>
        {
            Subscribe(Sender);
            Sender.Tell(Progress());
        });
        Command<Terminated>(t => subscribers.Remove(t.ActorRef));
        Command<SaveSnapshotSuccess>(ok => DeleteSnapshots(new SnapshotSelectionCriteria(ok.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => log.Warning("{0}: snapshot failed: {1}", state.Id, failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdOf(string entityId) => "job|" + entityId;

    public static Props Props(string entityId, JobEntitySettings settings, JobPipeline pipeline) =>
        Akka.Actor.Props.Create(() => new JobEntity(entityId, settings, pipeline));

    /// <summary>
    /// The dispatch, kept in step with the node's in-flight gauge: every change of the tiles in flight
    /// goes through here, so the gauge cannot drift from what is really in flight.
    /// </summary>
    private TileDispatch Dispatch
    {
        get => dispatch;
        set
        {
            PipelineMetrics.TilesInFlight.Add(value.InFlightCount - dispatch.InFlightCount);
            dispatch = value;
        }
    }

    /// <summary>Decides, persists the events, applies them, replies, then runs <paramref name="then"/>.</summary>
    private void Execute(IJobCommand command, IActorRef replyTo, Action<JobCommandResult> then)
    {
        var (reply, events) = state.ProcessCommand(command);
        if (events.Count == 0)
        {
            replyTo.Tell(reply);
            then(reply);
            return;
        }

        int remaining = events.Count;
        PersistAll(events, e =>
        {
            state = state.Apply(e);
            if (LastSequenceNr % settings.SnapshotEvery == 0)
            {
                SaveSnapshot(JobSnapshot.From(state));
            }

            if (--remaining == 0)
            {
                replyTo.Tell(reply);
                Publish();
                then(reply);
            }
        });
    }

    private void OnSceneTiles(SceneTiles tiles)
    {
        var record = new RecordScenePlan(state.Id, tiles.Scene, tiles.Tiles.Count, tiles.EmptyTiles, tiles.OutsideAoiTiles is { Count: > 0 } outside ? outside : null);
        Execute(record, ActorRefs.Nobody, reply =>
        {
            if (reply.Outcome == JobCommandOutcome.Rejected)
            {
                log.Error("{0}: plan of scene {1} refused: {2}", state.Id, tiles.Scene, reply.Reason);
                Execute(new FailJob(state.Id, reply.Reason ?? "scene plan refused"), ActorRefs.Nobody, _ => { });
                return;
            }

            Dispatch = Dispatch.Planned(tiles, state);
            Drive();
        });
    }

    /// <summary>Moves the job on as far as its state allows: sends what the dispatch orders (plans, tiles, outputs).</summary>
    private void Drive()
    {
        if (!active || state.Spec is not { } spec)
        {
            return;
        }

        if (!Timers.IsTimerActive(nameof(CheckTimeouts)) && !state.IsFinished)
        {
            var every = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, Math.Min(settings.TileTimeout.Ticks / 4, TimeSpan.FromSeconds(30).Ticks)));
            Timers.StartPeriodicTimer(nameof(CheckTimeouts), CheckTimeouts.Instance, every);
        }

        if (state.Status is JobStatus.Planning or JobStatus.Running)
        {
            StartDelivery();
        }

        // The delivery channel takes a tile at any time once started (it buffers per worker); the
        // credit window bounds what is outstanding. Not one tile per RequestNext: after a tile for a
        // worker it has not used yet, the channel asks for the next only when that worker's shard
        // answers, and a shard homed on (or allocated by a coordinator on) an unreachable node holds
        // every later tile, re-sent ones included, until the node is downed.
        int sendable = pipeline.TileWorkers is null || channel is not null ? int.MaxValue : 0;
        (Dispatch, var orders) = Dispatch.Advance(state, sendable, DateTime.UtcNow);
        foreach (int scene in orders.AskPlans)
        {
            pipeline.Planner.Tell(PlanScene.For(state.Id, spec, scene));
        }

        foreach (var tile in orders.Tiles)
        {
            var work = new ProcessTile(state.Id, spec, tile.Key.Scene, tile.Tile, state.Cancellations);
            if (channel is { } next)
            {
                string worker = homes.WorkerFor(tile);
                sentTo[tile.Key] = worker;
                next.Tell(new ShardingEnvelope(worker, work));
            }
            else
            {
                pipeline.Tiles.Tell(work);
            }
        }

        if (orders.WriteOutputs is { } plans)
        {
            pipeline.Writer.Tell(new WriteOutputs(state.Id, spec, plans));
        }
    }

    /// <summary>
    /// The job's delivery channel to the tile workers, started once: a <c>ShardingProducerController</c>
    /// that keeps the tiles sent and not yet confirmed, and sends them again to a worker's new home when
    /// its node dies. It has no durable queue: if this entity dies, its recovery sends every tile not
    /// recorded as done again anyway, so storing each tile's sending and confirmation too (two journal
    /// writes a tile, one more recovery at start-up) would guard nothing the job's own events do not.
    /// </summary>
    private void StartDelivery()
    {
        if (producer is not null || pipeline.TileWorkers is not { } workers)
        {
            return;
        }

        string id = state.Id.Value;
        producer = Context.ActorOf(
            ShardingProducerController.Create<ProcessTile>("job-" + id, workers, Option<Props>.None, ShardingProducerController.Settings.Create(Context.System)),
            "tiles");
        producer.Tell(new ShardingProducerController.Start<ProcessTile>(Self));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(Akka.Cluster.ClusterEvent.MemberRemoved), typeof(Akka.Cluster.ClusterEvent.IReachabilityEvent));
    }

    /// <summary>
    /// A gpu node is unreachable (or left, or was downed): the tiles in flight on its workers, and
    /// those on workers of unknown home, go out again at once to workers on reachable nodes
    /// (<see cref="TileWorkerHomes.Choose"/>), without waiting for the node to be downed and its
    /// shards to move (the delivery channel would send them again only then). The job lives on a
    /// control node, so a gpu node's loss costs only its tiles in flight; recording a tile twice
    /// is a no-op, so a result from the node after all (it was only slow) does no harm.
    /// </summary>
    private void Reroute(Akka.Cluster.Member member, bool unreachable)
    {
        if (!member.HasRole(Cluster.ClusterConstants.GpuRole))
        {
            return;
        }

        if (unreachable)
        {
            homes = homes.Unreached(member.Address);
        }

        if (state.IsFinished || Dispatch.InFlightCount == 0)
        {
            return;
        }

        var lostHomes = homes.Unreached(member.Address);
        int before = Dispatch.InFlightCount;
        Dispatch = Dispatch.Rerouted(key => !sentTo.TryGetValue(key, out var worker) || lostHomes.MayBeLost(worker));
        int resent = before - Dispatch.InFlightCount;
        if (resent > 0)
        {
            log.Warning("{0}: gpu node {1} {2}: {3} tiles in flight there sent again", state.Id, member.Address, unreachable ? "is unreachable" : "left the cluster", resent);
            Drive();
        }
    }

    /// <summary>Where the tile's worker lives, from the result's sender (<see cref="TileWorkerMessageExtractor.WorkerOf"/>); the sender is returned for the reply.</summary>
    private IActorRef Learn(IActorRef sender)
    {
        if (!sender.IsNobody() && TileWorkerMessageExtractor.WorkerOf(sender.Path) is { } worker)
        {
            homes = homes.Learned(worker, sender.Path.Address);
        }

        return sender;
    }

    protected override void PostStop()
    {
        // What this entity had in flight no longer counts on this node.
        Dispatch = new TileDispatch(settings);
        if (producer is not null)
        {
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        }

        base.PostStop();
    }

    /// <summary>
    /// Tiles in flight for longer than the timeout are failed attempts: they go out again once the
    /// failure is recorded. Plan and write requests without an answer go out again too (the node
    /// that had them may be gone).
    /// </summary>
    private void ExpireTiles()
    {
        (Dispatch, var overdue) = Dispatch.Expire(state, DateTime.UtcNow);
        Drive();
        foreach (var key in overdue)
        {
            Self.Tell(new RecordTileFailed(state.Id, key.Scene, key.Tile, $"no result within {settings.TileTimeout.TotalSeconds:0} s"));
        }
    }

    /// <summary>
    /// The job is cancelled (recorded): nothing more goes out, what was queued or in flight is
    /// forgotten, and every node is told to drop the tiles of this run still in its pipeline. A
    /// resumed job asks for its plans again and sends the tiles not done.
    /// </summary>
    private void Cancelled()
    {
        Dispatch = new TileDispatch(settings);
        Timers.Cancel(nameof(CheckTimeouts));
        var drop = new Nodes.NodeProtocol.DropJob(state.Id, state.Cancellations - 1);
        var system = Context.System;
        foreach (var member in Akka.Cluster.Cluster.Get(system).State.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up))
        {
            Nodes.NodeActor.Of(system, member.Address).Tell(drop);
        }

        log.Info("{0}: cancelled", state.Id);
    }

    private JobProgress Progress() => state.ToProgress() with { Nodes = pace.Describe(state.TilesByNode) };

    private void Subscribe(IActorRef subscriber)
    {
        if (!subscriber.IsNobody() && subscriber is not DeadLetterActorRef && subscribers.Add(subscriber))
        {
            Context.Watch(subscriber);
        }
    }

    private sealed class CheckTimeouts
    {
        public static readonly CheckTimeouts Instance = new();
    }

    private sealed class ResumeRecovered
    {
        public static readonly ResumeRecovered Instance = new();
    }

    private void Publish()
    {
        var progress = Progress();
        foreach (var s in subscribers)
        {
            s.Tell(progress);
        }
    }
}
