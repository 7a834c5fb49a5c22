namespace Sam3.Raster.Actors.Jobs;

public enum JobStatus
{
    /// <summary>Nothing recorded yet.</summary>
    New,

    /// <summary>Submitted; some scenes are not planned yet.</summary>
    Planning,

    /// <summary>Every scene planned; tiles are being processed.</summary>
    Running,

    /// <summary>Every tile done; the outputs are being merged and written.</summary>
    Writing,

    Completed,
    Failed,

    /// <summary>Stopped on request: nothing dispatched, no outputs; submitting the same job again resumes it.</summary>
    Cancelled,
}
