using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Gateway;

namespace Sam3.Raster.Actors.Hosting;

public static class Sam3GatewayExtensions
{
    /// <summary>
    /// On control nodes: the ClusterClientReceptionist and the <see cref="JobGateway"/> registered
    /// with it as <c>/user/sam3r-gateway</c>, so clients outside the cluster can submit and follow jobs.
    /// Jobs submitted there get <paramref name="maxTileAttempts"/> (the node's <c>tile-attempts</c>).
    /// </summary>
    public static AkkaConfigurationBuilder WithSam3Gateway(this AkkaConfigurationBuilder builder, Sam3NodeOptions node, string workRoot, string? defaultModel, int maxTileAttempts = Jobs.JobSpec.DefaultMaxTileAttempts)
    {
        if (!node.HasRole(ClusterConstants.ControlRole))
        {
            return builder;
        }

        return builder
            .WithClusterClientReceptionist("receptionist", ClusterConstants.ControlRole)
            .WithActors((system, registry) =>
            {
                var gateway = system.ActorOf(JobGateway.Props(registry.Get<ActorKeys.JobRegion>(), workRoot, defaultModel, maxTileAttempts), ClusterConstants.GatewayName);
                ClusterClientReceptionist.Get(system).RegisterService(gateway);
                registry.Register<ActorKeys.Gateway>(gateway);
            });
    }
}
