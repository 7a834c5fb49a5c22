using Akka.Hosting;
using Sam3.Inference.Session;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Nodes;

namespace Sam3.Raster.Actors.Hosting;

public static class Sam3NodeStatsExtensions
{
    /// <summary>
    /// The node's <see cref="NodeStatsActor"/> (<c>/user/sam3r-node-stats</c>), on every node: the
    /// dashboard asks each member for its devices and tiles/s. A gpu node reports its devices as the
    /// device setting names them, with where an <c>auto</c> device turned out to run once its model is open.
    /// </summary>
    public static AkkaConfigurationBuilder WithSam3NodeStats(this AkkaConfigurationBuilder builder, Sam3NodeOptions node, PipelineResources resources)
    {
        bool gpu = node.HasRole(ClusterConstants.GpuRole);
        IReadOnlyList<string> Devices() => gpu ? [.. resources.Devices.Select(d => Describe(d.Device, d.RunsOnCpu))] : [];
        return builder.WithActors((system, _) =>
            system.ActorOf(NodeStatsActor.Props(node.Roles, Devices, gpu ? resources.Processed : null), NodeStatsActor.Name));
    }

    private static string Describe(ExecutionDevice device, bool? onCpu) =>
        device.Kind == DeviceKind.Auto && onCpu is { } cpu ? $"{device} ({(cpu ? "CPU" : "CUDA")})" : device.ToString();
}
