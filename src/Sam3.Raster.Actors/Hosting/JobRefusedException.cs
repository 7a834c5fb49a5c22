namespace Sam3.Raster.Actors.Hosting;

/// <summary>The job entity refused to start or resume a job (a failed job, or a different spec under its id).</summary>
public sealed class JobRefusedException : Exception
{
    public JobRefusedException(string message)
        : base(message)
    {
    }

    public JobRefusedException()
    {
    }

    public JobRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
