using Akka.Cluster.Sharding;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Entities;

/// <summary>Routes every <see cref="IWithJobId"/> message to the job entity whose entity id is the job id.</summary>
public sealed class JobMessageExtractor() : HashCodeMessageExtractor(ClusterConstants.JobShardCount)
{
    public override string? EntityId(object message) => message switch
    {
        IWithJobId m => m.JobId.Value,
        _ => null,
    };
}
