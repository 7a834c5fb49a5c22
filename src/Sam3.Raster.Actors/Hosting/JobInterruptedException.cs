namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// The embedded node stopped before its job ended (SIGINT / SIGTERM, or the actor system went
/// away). What the job recorded is in its journal: the same command with --resume goes on.
/// </summary>
public sealed class JobInterruptedException : Exception
{
    public JobInterruptedException(string message)
        : base(message)
    {
    }

    public JobInterruptedException()
    {
    }

    public JobInterruptedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
