using System.Collections.Immutable;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobEvents;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>
/// A job's state: immutable, changed only by <see cref="Apply"/>ing events. <see cref="ProcessCommand"/>
/// is the pure decision function: it validates a command against the state and returns the reply
/// and the events to record, so the actor only persists and applies. Recording is idempotent: a
/// command already reflected in the state yields <see cref="JobCommandOutcome.AlreadyApplied"/> and
/// no events, which makes at-least-once delivery of results safe.
/// </summary>
public sealed record JobState(JobId Id)
{
    public JobSpec? Spec { get; init; }

    /// <summary>Planned scenes by their index in <see cref="JobSpec.Scenes"/>.</summary>
    public ImmutableSortedDictionary<int, SceneProgress> Scenes { get; init; } = ImmutableSortedDictionary<int, SceneProgress>.Empty;

    public JobResult? Result { get; init; }

    public string? FailureReason { get; init; }

    /// <summary>Whether the job is cancelled now (a later submit of the same spec resumes it).</summary>
    public bool Cancelled { get; init; }

    /// <summary>
    /// How often the job was cancelled: tiles carry it when sent (<see cref="Pipeline.TileWorkProtocol.ProcessTile.Run"/>),
    /// so nodes drop the tiles of a cancelled run and not those sent after a resume.
    /// </summary>
    public int Cancellations { get; init; }

    /// <summary>Tiles completed per gpu node (cluster address), as recorded.</summary>
    public ImmutableSortedDictionary<string, int> TilesByNode { get; init; } = ImmutableSortedDictionary<string, int>.Empty;

    public static JobState Empty(JobId id) => new(id);

    public JobStatus Status =>
        Spec is null ? JobStatus.New
        : FailureReason is not null ? JobStatus.Failed
        : Result is not null ? JobStatus.Completed
        : Cancelled ? JobStatus.Cancelled
        : Scenes.Count < Spec.Scenes.Count ? JobStatus.Planning
        : AllTilesDone ? JobStatus.Writing
        : JobStatus.Running;

    /// <summary>Nothing is to be sent for the job now: complete, failed or cancelled.</summary>
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    public bool AllTilesDone => Spec is not null && Scenes.Count == Spec.Scenes.Count && Scenes.Values.All(s => s.Remaining == 0);

    public int TilesTotal => Scenes.Values.Sum(s => s.TileCount);

    public int TilesEmpty => Scenes.Values.Sum(s => s.EmptyTiles.Count);

    /// <summary>Tiles done, empty ones included.</summary>
    public int TilesDone => Scenes.Values.Sum(s => s.DoneTiles.Count + s.EmptyTiles.Count);

    public bool IsTileDone(TileKey key) => Scenes.TryGetValue(key.Scene, out var s) && s.IsDone(key.Tile);

    /// <summary>Tiles still to run, scene by scene in grid order.</summary>
    public IEnumerable<TileKey> PendingTiles =>
        Scenes.SelectMany(kv => kv.Value.PendingTiles.Select(t => new TileKey(kv.Key, t)));

    public (JobCommandResult Reply, IReadOnlyList<IJobEvent> Events) ProcessCommand(IJobCommand command)
    {
        if (command.JobId != Id)
        {
            return Reject($"the command is for {command.JobId}, this is {Id}");
        }

        return command switch
        {
            StartJob start => Start(start),
            RecordScenePlan plan => RecordPlan(plan),
            RecordTileCompleted done => RecordTileDone(done),
            RecordTileFailed failed => RecordTileFailure(failed),
            RecordOutputsWritten written => RecordOutputs(written),
            FailJob fail => Fail(fail),
            CancelJob => Cancel(),
            _ => Reject($"unknown command {command.GetType().Name}"),
        };
    }

    public JobState Apply(IJobEvent e) => e switch
    {
        JobSubmitted s => this with { Spec = s.Spec },
        ScenePlanned p => this with { Scenes = Scenes.SetItem(p.Scene, SceneProgress.Planned(p.TileCount, p.EmptyTiles)) },
        TileCompleted c => UpdateScene(c.Scene, s => s with { DoneTiles = s.DoneTiles.Add(c.Tile), RawFeatures = s.RawFeatures + c.Features }) with
        {
            TilesByNode = c.Node is null ? TilesByNode : TilesByNode.SetItem(c.Node, TilesByNode.GetValueOrDefault(c.Node) + 1),
        },
        TileFailed f => UpdateScene(f.Scene, s => s with { FailedAttempts = s.FailedAttempts.SetItem(f.Tile, f.Attempt) }),
        JobCompleted c => this with { Result = c.Result },
        JobFailed f => this with { FailureReason = f.Reason },
        JobCancelled => this with { Cancelled = true, Cancellations = Cancellations + 1 },
        JobResumed => this with { Cancelled = false },
        _ => throw new ArgumentException($"unknown job event {e.GetType().Name}", nameof(e)),
    };

    public JobState ApplyAll(IEnumerable<IJobEvent> events) => events.Aggregate(this, (s, e) => s.Apply(e));

    public JobProgress ToProgress() => new(
        Id,
        Status,
        Scenes.Count,
        Spec?.Scenes.Count ?? 0,
        TilesTotal,
        TilesDone,
        TilesEmpty,
        Scenes.Values.Sum(s => s.RawFeatures),
        Scenes.Values.Sum(s => s.FailedAttempts.Values.Sum()),
        Result,
        FailureReason,
        Spec);

    /// <summary>How a tile is named in messages for people: scene path and tile id.</summary>
    public string Describe(TileKey key) => $"tile {key.Tile} of {SceneName(key.Scene)}";

    /// <summary>A scene's path, or its index when the job has no such scene.</summary>
    public string SceneName(int scene) =>
        Spec is not null && scene >= 0 && scene < Spec.Scenes.Count ? Spec.Scenes[scene] : $"scene {scene}";

    private (JobCommandResult, IReadOnlyList<IJobEvent>) Start(StartJob start)
    {
        if (Spec is null)
        {
            if (start.Spec.Scenes.Count == 0 || start.Spec.Prompts.Count == 0 || start.Spec.Outputs.Count == 0)
            {
                return Reject("a job needs at least one scene, one prompt and one output");
            }

            if (start.Spec.Tiles.Problem() is { } tiles)
            {
                return Reject(tiles);
            }

            return Accept(new JobSubmitted(Id, start.Spec));
        }

        if (!Spec.Equals(start.Spec))
        {
            return Reject($"{Id} was recorded with a different spec");
        }

        return Status switch
        {
            JobStatus.Failed => Reject($"{Id} failed: {FailureReason}"),
            JobStatus.Completed => Already($"{Id} is already complete"),
            JobStatus.Cancelled => Accept(new JobResumed(Id)),
            _ => Already($"{Id} resumes"),
        };
    }

    private (JobCommandResult, IReadOnlyList<IJobEvent>) Cancel() => Status switch
    {
        JobStatus.New => Reject($"no job {Id}"),
        JobStatus.Completed => Reject($"{Id} is already complete"),
        JobStatus.Failed => Reject($"{Id} failed: {FailureReason}"),
        JobStatus.Cancelled => Already($"{Id} is already cancelled"),
        // Every tile is done and the writer has the outputs: too late to promise that none are written.
        JobStatus.Writing => Reject($"{Id} is already writing its outputs"),
        _ => Accept(new JobCancelled(Id)),
    };

    private (JobCommandResult, IReadOnlyList<IJobEvent>) RecordPlan(RecordScenePlan plan)
    {
        if (Spec is null)
        {
            return Reject($"{Id} has not been submitted");
        }

        if (plan.Scene < 0 || plan.Scene >= Spec.Scenes.Count)
        {
            return Reject($"{Id} has no scene {plan.Scene}");
        }

        if (plan.TileCount < 1 || plan.EmptyTiles.Any(t => t < 0 || t >= plan.TileCount))
        {
            return Reject($"the plan of scene {plan.Scene} is invalid ({plan.TileCount} tiles)");
        }

        if (Scenes.TryGetValue(plan.Scene, out var existing))
        {
            return existing.TileCount == plan.TileCount && existing.EmptyTiles.SetEquals(plan.EmptyTiles)
                ? Already($"scene {plan.Scene} is already planned")
                : Reject($"scene {plan.Scene} was planned differently ({existing.TileCount} tiles, now {plan.TileCount})");
        }

        return Accept(new ScenePlanned(Id, plan.Scene, plan.TileCount, [.. plan.EmptyTiles.Distinct().Order()]));
    }

    private (JobCommandResult, IReadOnlyList<IJobEvent>) RecordTileDone(RecordTileCompleted done)
    {
        if (CheckTile(new TileKey(done.Scene, done.Tile)) is { } problem)
        {
            return problem;
        }

        if (done.Features < 0)
        {
            return Reject("a feature count cannot be negative");
        }

        return Accept(new TileCompleted(Id, done.Scene, done.Tile, done.Features, done.Node));
    }

    private (JobCommandResult, IReadOnlyList<IJobEvent>) RecordTileFailure(RecordTileFailed failed)
    {
        var key = new TileKey(failed.Scene, failed.Tile);
        if (CheckTile(key) is { } problem)
        {
            return problem;
        }

        int attempt = Scenes[failed.Scene].AttemptsOf(failed.Tile) + 1;
        var tileFailed = new TileFailed(Id, failed.Scene, failed.Tile, failed.Reason, attempt);
        if (attempt < Spec!.MaxTileAttempts)
        {
            return Accept(tileFailed);
        }

        string reason = $"{Describe(key)} failed {attempt} time{(attempt == 1 ? "" : "s")}: {failed.Reason}";
        return Accept(tileFailed, new JobFailed(Id, reason));
    }

    private (JobCommandResult, IReadOnlyList<IJobEvent>) RecordOutputs(RecordOutputsWritten written) => Status switch
    {
        JobStatus.Writing => Accept(new JobCompleted(Id, written.Result)),
        JobStatus.Completed => Already($"{Id} is already complete"),
        JobStatus.Failed => Reject($"{Id} failed: {FailureReason}"),
        JobStatus.Cancelled => Reject($"{Id} was cancelled"),
        _ => Reject($"{Id} still has tiles to run"),
    };

    private (JobCommandResult, IReadOnlyList<IJobEvent>) Fail(FailJob fail) => Status switch
    {
        JobStatus.New => Reject($"{Id} has not been submitted"),
        JobStatus.Failed => Already($"{Id} has already failed"),
        JobStatus.Completed => Reject($"{Id} is complete"),
        JobStatus.Cancelled => Reject($"{Id} was cancelled"),
        _ => Accept(new JobFailed(Id, fail.Reason)),
    };

    /// <summary>Why a tile result cannot be recorded, or null when it can.</summary>
    private (JobCommandResult, IReadOnlyList<IJobEvent>)? CheckTile(TileKey key)
    {
        if (Spec is null)
        {
            return Reject($"{Id} has not been submitted");
        }

        if (Status == JobStatus.Completed)
        {
            return Already($"{Id} is already complete");
        }

        if (Status == JobStatus.Failed)
        {
            return Reject($"{Id} failed: {FailureReason}");
        }

        if (Status == JobStatus.Cancelled)
        {
            return Reject($"{Id} was cancelled");
        }

        if (!Scenes.TryGetValue(key.Scene, out var scene))
        {
            return Reject($"scene {key.Scene} of {Id} is not planned");
        }

        if (!scene.Contains(key.Tile))
        {
            return Reject($"scene {key.Scene} has no tile {key.Tile}");
        }

        if (scene.IsDone(key.Tile))
        {
            return Already($"{key} is already done");
        }

        return null;
    }

    private JobState UpdateScene(int scene, Func<SceneProgress, SceneProgress> update) =>
        this with { Scenes = Scenes.SetItem(scene, update(Scenes[scene])) };

    private (JobCommandResult, IReadOnlyList<IJobEvent>) Accept(params IJobEvent[] events) => (JobCommandResult.Accepted(Id), events);

    private (JobCommandResult, IReadOnlyList<IJobEvent>) Already(string reason) => (JobCommandResult.AlreadyApplied(Id, reason), []);

    private (JobCommandResult, IReadOnlyList<IJobEvent>) Reject(string reason) => (JobCommandResult.Rejected(Id, reason), []);
}
