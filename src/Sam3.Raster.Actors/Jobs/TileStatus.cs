namespace Sam3.Raster.Actors.Jobs;

/// <summary>Where one tile of a job stands, as the dashboard's map colours it.</summary>
public enum TileStatus
{
    /// <summary>Planned, not sent yet (or waiting for its next attempt after a node loss).</summary>
    Pending,

    /// <summary>Sent to a worker; no result recorded yet.</summary>
    InFlight,

    /// <summary>Its result is recorded.</summary>
    Done,

    /// <summary>At least one attempt failed and it is not done: queued again, or the job failed on it.</summary>
    Failed,

    /// <summary>All nodata: skipped, counted as done.</summary>
    Empty,

    /// <summary>Its window misses the job's area of interest: never read, counted as done.</summary>
    OutsideAoi,
}
