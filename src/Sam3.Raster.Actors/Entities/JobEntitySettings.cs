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

    public static JobEntitySettings Default { get; } = new();
}
