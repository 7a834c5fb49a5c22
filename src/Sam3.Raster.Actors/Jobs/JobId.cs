namespace Sam3.Raster.Actors.Jobs;

/// <summary>
/// A job's identity and its sharding entity id. Derived from what the job computes
/// (<see cref="JobSpec.Fingerprint"/>), so running the same command again names the same job, but
/// not from <see cref="JobSpec.WorkDirectory"/>: the work folder is named after the id
/// (<see cref="JobSpec.InWorkRoot"/>), so the id must be known before the folder is.
/// </summary>
public readonly record struct JobId(string Value)
{
    public static JobId For(JobSpec spec) => new("job-" + (spec with { WorkDirectory = string.Empty }).Fingerprint[..16]);

    public override string ToString() => Value;
}
