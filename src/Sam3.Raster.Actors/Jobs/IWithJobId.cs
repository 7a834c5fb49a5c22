namespace Sam3.Raster.Actors.Jobs;

/// <summary>A message addressed to one job entity; sharding routes it by <see cref="JobId"/>.</summary>
public interface IWithJobId
{
    JobId JobId { get; }
}
