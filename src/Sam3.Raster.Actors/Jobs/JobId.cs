namespace Sam3.Raster.Actors.Jobs;

/// <summary>
/// A job's identity and its sharding entity id. Derived from the job's spec
/// (<see cref="JobSpec.Fingerprint"/>), so running the same command again names the same job.
/// </summary>
public readonly record struct JobId(string Value)
{
    public static JobId For(JobSpec spec) => new("job-" + spec.Fingerprint[..16]);

    public override string ToString() => Value;
}
