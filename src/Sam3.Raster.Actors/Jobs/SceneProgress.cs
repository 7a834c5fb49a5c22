using System.Collections.Immutable;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>One planned scene of a job: its tile count, the empty (all nodata) tiles, those outside the AOI, the done ones and failed attempts.</summary>
public sealed record SceneProgress(
    int TileCount,
    ImmutableSortedSet<int> EmptyTiles,
    ImmutableSortedSet<int> DoneTiles,
    ImmutableSortedDictionary<int, int> FailedAttempts,
    long RawFeatures)
{
    public static SceneProgress Planned(int tileCount, IEnumerable<int> emptyTiles, IEnumerable<int>? outsideAoiTiles = null) =>
        new(tileCount, [.. emptyTiles], [], ImmutableSortedDictionary<int, int>.Empty, 0) { OutsideAoiTiles = [.. outsideAoiTiles ?? []] };

    /// <summary>Tiles whose window misses the job's AOI: skipped like empty ones, counted apart.</summary>
    public ImmutableSortedSet<int> OutsideAoiTiles { get; init; } = [];

    public bool Contains(int tile) => tile >= 0 && tile < TileCount;

    /// <summary>Done or skipped: nothing left to run for this tile.</summary>
    public bool IsDone(int tile) => IsSkipped(tile) || DoneTiles.Contains(tile);

    /// <summary>Never read: all nodata, or outside the AOI.</summary>
    public bool IsSkipped(int tile) => EmptyTiles.Contains(tile) || OutsideAoiTiles.Contains(tile);

    public int Remaining => TileCount - EmptyTiles.Union(OutsideAoiTiles).Count - DoneTiles.Count;

    /// <summary>Tiles still to run, in id (grid) order.</summary>
    public IEnumerable<int> PendingTiles => Enumerable.Range(0, TileCount).Where(t => !IsDone(t));

    public int AttemptsOf(int tile) => FailedAttempts.GetValueOrDefault(tile);
}
