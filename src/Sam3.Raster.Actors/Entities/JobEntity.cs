using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Sam3.Raster.Actors.Diagnostics;
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
    private readonly HashSet<int> plansRequested = [];
    private readonly LinkedList<TileKey> pending = new();
    private readonly HashSet<TileKey> queued = [];
    private readonly Dictionary<TileKey, DateTime> inFlight = [];
    private readonly HashSet<IActorRef> subscribers = [];
    private JobState state;
    private bool active;
    private bool writing;

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
    protected override void PostStop()
    {
        PipelineMetrics.TilesInFlight.Add(-inFlight.Count);
        base.PostStop();
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
                for (int scene = 0; scene < spec.Scenes.Count; scene++)
                {
                    if (!plans.ContainsKey(scene) && plansRequested.Add(scene))
                    {
                        pipeline.Planner.Tell(new PlanScene(state.Id, scene, spec.Scenes[scene], spec.Tiles, spec.Bands));
                    }
                }

                while (inFlight.Count < settings.MaxInFlightTiles && pending.First is { } node)
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
                    pipeline.Tiles.Tell(new ProcessTile(state.Id, spec, key.Scene, plans[key.Scene].Tiles[key.Tile]));
                }

                break;

            case JobStatus.Writing when !writing && plans.Count == spec.Scenes.Count:
                writing = true;
                pipeline.Writer.Tell(new WriteOutputs(state.Id, spec, [.. Enumerable.Range(0, spec.Scenes.Count).Select(s => plans[s])]));
                break;

            case JobStatus.Writing when !writing:
                // Recovered with every tile done: the writer still needs the plans (grid order).
                for (int scene = 0; scene < spec.Scenes.Count; scene++)
                {
                    if (!plans.ContainsKey(scene) && plansRequested.Add(scene))
                    {
                        pipeline.Planner.Tell(new PlanScene(state.Id, scene, spec.Scenes[scene], spec.Tiles, spec.Bands));
                    }
                }

                break;
        }
    }

    /// <summary>Tiles in flight for longer than the timeout are failed attempts: they go out again.</summary>
    private void ExpireTiles()
    {
        var deadline = DateTime.UtcNow - settings.TileTimeout;
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

    private void Publish()
    {
        var progress = state.ToProgress();
        foreach (var s in subscribers)
        {
            s.Tell(progress);
        }
    }
}
