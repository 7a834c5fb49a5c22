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
/// One job, as a sharded event-sourced entity (entity id = job id). Decisions are made by
/// <see cref="JobState.ProcessCommand"/>; this actor persists the events, applies them, and drives
/// the work: it asks for scene plans, dispatches tiles within a credit window of
/// <see cref="JobEntitySettings.MaxInFlightTiles"/>, and asks for the outputs once every tile is done.
/// What is in flight is not persisted: after a restart every tile not recorded as done is run again,
/// and recording a result twice is a no-op. Work starts on <see cref="StartJob"/> (submit or resume).
/// </summary>
public sealed class JobEntity : ReceivePersistentActor, IWithTimers
{
    private readonly JobEntitySettings settings;
    private readonly JobPipeline pipeline;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<int, SceneTiles> plans = [];
    private readonly Dictionary<int, DateTime> plansRequested = [];
    private readonly LinkedList<TileKey> pending = new();
    private readonly HashSet<TileKey> queued = [];
    private readonly Dictionary<TileKey, DateTime> inFlight = [];
    private readonly HashSet<IActorRef> subscribers = [];
    private JobState state;
    private bool active;
    private bool writing;
    private DateTime writeRequested;
    private IActorRef? producer;
    private IActorRef? sendNextTo;
    private int reroutes;

    public JobEntity(string entityId, JobEntitySettings settings, JobPipeline pipeline)
    {
        this.settings = settings;
        this.pipeline = pipeline;
        state = JobState.Empty(new JobId(entityId));
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
                    requester.Tell(state.ToProgress());
                    Drive();
                }
            });
        });
        Command<SceneTiles>(OnSceneTiles);
        Command<ScenePlanFailed>(failed => Execute(new FailJob(state.Id, $"cannot plan {state.SceneName(failed.Scene)}: {failed.Reason}"), ActorRefs.Nobody, _ => { }));
        Command<RecordTileCompleted>(done => Execute(done, Sender, _ => Settle(new TileKey(done.Scene, done.Tile), retry: false)));
        Command<RecordTileFailed>(failed => Execute(failed, Sender, _ =>
        {
            log.Warning("{0}: {1} failed: {2}", state.Id, state.Describe(new TileKey(failed.Scene, failed.Tile)), failed.Reason);
            PipelineMetrics.TileFailures.Add(1);
            Settle(new TileKey(failed.Scene, failed.Tile), retry: true);
        }));
        Command<IJobCommand>(command => Execute(command, Sender, _ => Drive()));
        Command<CheckTimeouts>(_ => ExpireTiles());
        Command<ResumeRecovered>(_ => Drive());
        Command<Akka.Cluster.ClusterEvent.MemberRemoved>(removed => Reroute(removed.Member));
        Command<Akka.Cluster.ClusterEvent.IMemberEvent>(_ => { });
        Command<Akka.Cluster.ClusterEvent.CurrentClusterState>(_ => { });
        Command<ShardingProducerController.RequestNext<ProcessTile>>(next =>
        {
            sendNextTo = next.SendNextTo;
            Drive();
        });
        Command<GetJobProgress>(_ => Sender.Tell(state.ToProgress()));
        Command<SubscribeToJob>(_ =>
        {
            Subscribe(Sender);
            Sender.Tell(state.ToProgress());
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

    /// <summary>What this entity had in flight no longer counts on this node.</summary>
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
        var record = new RecordScenePlan(state.Id, tiles.Scene, tiles.Tiles.Count, tiles.EmptyTiles);
        Execute(record, ActorRefs.Nobody, reply =>
        {
            if (reply.Outcome == JobCommandOutcome.Rejected)
            {
                log.Error("{0}: plan of scene {1} refused: {2}", state.Id, tiles.Scene, reply.Reason);
                Execute(new FailJob(state.Id, reply.Reason ?? "scene plan refused"), ActorRefs.Nobody, _ => { });
                return;
            }

            plans[tiles.Scene] = tiles;
            foreach (int tile in state.Scenes[tiles.Scene].PendingTiles)
            {
                Enqueue(new TileKey(tiles.Scene, tile), front: false);
            }

            Drive();
        });
    }

    /// <summary>
    /// A tile's result is in (either way): its credit returns; a failure goes back in the queue if
    /// the job goes on. After a timeout, the late answer of the first attempt returns the credit of
    /// the second one early: the window can then be exceeded by one tile per timed-out tile, briefly.
    /// </summary>
    private void Settle(TileKey key, bool retry)
    {
        if (inFlight.Remove(key))
        {
            PipelineMetrics.TilesInFlight.Add(-1);
        }

        if (retry && !state.IsFinished && !state.IsTileDone(key))
        {
            Enqueue(key, front: true);
        }

        Drive();
    }

    private void Enqueue(TileKey key, bool front)
    {
        if (inFlight.ContainsKey(key) || !queued.Add(key))
        {
            return;
        }

        if (front)
        {
            pending.AddFirst(key);
        }
        else
        {
            pending.AddLast(key);
        }
    }

    /// <summary>Moves the job on as far as its state allows: plans, tiles within the credit window, outputs.</summary>
    private void Drive()
    {
        if (!active || state.Spec is null)
        {
            return;
        }

        if (!Timers.IsTimerActive(nameof(CheckTimeouts)) && !state.IsFinished)
        {
            var every = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, Math.Min(settings.TileTimeout.Ticks / 4, TimeSpan.FromSeconds(30).Ticks)));
            Timers.StartPeriodicTimer(nameof(CheckTimeouts), CheckTimeouts.Instance, every);
        }

        var spec = state.Spec;
        switch (state.Status)
        {
            case JobStatus.Planning or JobStatus.Running:
                RequestPlans(spec);
                StartDelivery();
                while (inFlight.Count < settings.MaxInFlightTiles && pending.First is { } node && (pipeline.TileWorkers is null || sendNextTo is not null))
                {
                    var key = node.Value;
                    pending.RemoveFirst();
                    queued.Remove(key);
                    if (state.IsTileDone(key))
                    {
                        continue;
                    }

                    inFlight[key] = DateTime.UtcNow;
                    PipelineMetrics.TilesInFlight.Add(1);
                    var work = new ProcessTile(state.Id, spec, key.Scene, plans[key.Scene].Tiles[key.Tile]);
                    if (sendNextTo is { } next)
                    {
                        // One message per RequestNext: the producer controller asks for the next when it can take it.
                        sendNextTo = null;
                        next.Tell(new ShardingEnvelope(TileWorkerMessageExtractor.WorkerFor(key.Scene, key.Tile, state.Scenes[key.Scene].AttemptsOf(key.Tile) + reroutes), work));
                    }
                    else
                    {
                        pipeline.Tiles.Tell(work);
                    }
                }

                break;

            case JobStatus.Writing when !writing && plans.Count == spec.Scenes.Count:
                writing = true;
                writeRequested = DateTime.UtcNow;
                pipeline.Writer.Tell(new WriteOutputs(state.Id, spec, [.. Enumerable.Range(0, spec.Scenes.Count).Select(s => plans[s])]));
                break;

            case JobStatus.Writing when !writing:
                // Recovered with every tile done: the writer still needs the plans (grid order).
                RequestPlans(spec);
                break;
        }
    }

    private void RequestPlans(JobSpec spec)
    {
        for (int scene = 0; scene < spec.Scenes.Count; scene++)
        {
            if (!plans.ContainsKey(scene) && plansRequested.TryAdd(scene, DateTime.UtcNow))
            {
                pipeline.Planner.Tell(PlanScene.For(state.Id, spec, scene));
            }
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
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(Akka.Cluster.ClusterEvent.MemberRemoved));
    }

    /// <summary>
    /// A gpu node left or was downed: the tiles in flight may have been on it. The delivery channel
    /// sends unconfirmed tiles again once their workers live elsewhere, but that waits for idle
    /// timeouts per worker; sending every tile in flight again at once, to other worker ids, makes
    /// recovery take seconds. Duplicates are harmless: a stored tile is reported, not recomputed,
    /// and recording a tile twice is a no-op. These are not failed attempts.
    /// </summary>
    private void Reroute(Akka.Cluster.Member member)
    {
        if (!member.HasRole(Cluster.ClusterConstants.GpuRole) || state.IsFinished || inFlight.Count == 0)
        {
            return;
        }

        log.Info("{0}: {1} left; sending its {2} tiles in flight again", state.Id, member.Address, inFlight.Count);
        reroutes++;
        foreach (var key in inFlight.Keys.ToList())
        {
            inFlight.Remove(key);
            Enqueue(key, front: true);
        }

        Drive();
    }

    protected override void PostStop()
    {
        PipelineMetrics.TilesInFlight.Add(-inFlight.Count);
        if (producer is not null)
        {
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        }

        base.PostStop();
    }

    /// <summary>
    /// Tiles in flight for longer than the timeout are failed attempts: they go out again. Plan and
    /// write requests without an answer go out again too (the node that had them may be gone).
    /// </summary>
    private void ExpireTiles()
    {
        var now = DateTime.UtcNow;
        foreach (var (scene, since) in plansRequested.Where(kv => kv.Value < now - settings.PlanTimeout && !plans.ContainsKey(kv.Key)).ToList())
        {
            plansRequested.Remove(scene);
        }

        if (writing && state.Status == JobStatus.Writing && writeRequested < now - settings.WriteTimeout)
        {
            writing = false;
        }

        Drive();
        var deadline = now - settings.TileTimeout;
        foreach (var (key, since) in inFlight.Where(kv => kv.Value < deadline).ToList())
        {
            inFlight[key] = DateTime.MaxValue; // reported once; the failure below settles it
            Self.Tell(new RecordTileFailed(state.Id, key.Scene, key.Tile, $"no result within {settings.TileTimeout.TotalSeconds:0} s"));
        }
    }

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
        var progress = state.ToProgress();
        foreach (var s in subscribers)
        {
            s.Tell(progress);
        }
    }
}
