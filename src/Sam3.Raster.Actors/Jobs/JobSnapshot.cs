using System.Collections.Immutable;
using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>The serialized form of <see cref="JobState"/> for the snapshot store (plain lists, no immutable collections).</summary>
public sealed record JobSnapshot(
    JobId JobId,
    JobSpec? Spec,
    IReadOnlyList<JobSnapshot.Scene> Scenes,
    JobResult? Result,
    string? FailureReason,
    bool Cancelled = false,
    int Cancellations = 0,
    IReadOnlyDictionary<string, int>? TilesByNode = null) : IWithJobId, ISam3Message
{
    public sealed record Scene(
        int Index,
        int TileCount,
        IReadOnlyList<int> EmptyTiles,
        IReadOnlyList<int> DoneTiles,
        IReadOnlyList<TileAttempts> FailedAttempts,
        long RawFeatures);

    public sealed record TileAttempts(int Tile, int Attempts);

    public static JobSnapshot From(JobState state) => new(
        state.Id,
        state.Spec,
        [.. state.Scenes.Select(kv => new Scene(
            kv.Key,
            kv.Value.TileCount,
            [.. kv.Value.EmptyTiles],
            [.. kv.Value.DoneTiles],
            [.. kv.Value.FailedAttempts.Select(a => new TileAttempts(a.Key, a.Value))],
            kv.Value.RawFeatures))],
        state.Result,
        state.FailureReason,
        state.Cancelled,
        state.Cancellations,
        state.TilesByNode);

    public JobState ToState() => new(JobId)
    {
        Spec = Spec,
        Scenes = Scenes.ToImmutableSortedDictionary(
            s => s.Index,
            s => new SceneProgress(
                s.TileCount,
                [.. s.EmptyTiles],
                [.. s.DoneTiles],
                s.FailedAttempts.ToImmutableSortedDictionary(a => a.Tile, a => a.Attempts),
                s.RawFeatures)),
        Result = Result,
        FailureReason = FailureReason,
        Cancelled = Cancelled,
        Cancellations = Cancellations,
        TilesByNode = (TilesByNode ?? new Dictionary<string, int>()).ToImmutableSortedDictionary(),
    };
}
