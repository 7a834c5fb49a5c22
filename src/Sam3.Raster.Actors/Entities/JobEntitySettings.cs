namespace Sam3.Raster.Actors.Entities;

/// <summary>
/// How a job entity drives its work. <see cref="MaxInFlightTiles"/> is the credit window: a tile is
/// in flight from dispatch until its result is recorded, so at most this many patches are read,
/// queued for the model or being vectorized at any time, however slow the model is.
/// </summary>
public sealed record JobEntitySettings(int MaxInFlightTiles = JobEntitySettings.DefaultMaxInFlightTiles, int SnapshotEvery = JobEntitySettings.DefaultSnapshotEvery)
{
    public const int DefaultMaxInFlightTiles = 16;
    public const int DefaultSnapshotEvery = 100;

    /// <summary>
    /// A tile without a result after this counts as a failed attempt and is dispatched again (a lost
    /// message or a crashed worker must not stall the job); a late result of the first attempt is
    /// then simply recorded once.
    /// </summary>
    public TimeSpan TileTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A scene plan asked for and not answered within this is asked for again (another planner node).</summary>
    public TimeSpan PlanTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Outputs asked for and not recorded within this are asked for again (another writer node).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public static JobEntitySettings Default { get; } = new();
}
