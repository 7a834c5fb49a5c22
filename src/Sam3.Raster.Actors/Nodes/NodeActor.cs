using Akka.Actor;
using Sam3.Raster.Actors.Hosting;
using static Sam3.Raster.Actors.Nodes.NodeProtocol;

namespace Sam3.Raster.Actors.Nodes;

/// <summary>
/// One per node (<c>/user/sam3r-node</c>): says what the node is (<see cref="NodeInfo"/>: roles, model,
/// device, tiles stored) and takes the cancellations its pipeline must honour (<see cref="DropJob"/>).
/// Reached by address, so the gateway and the job entities need nothing but the cluster's members.
/// </summary>
public sealed class NodeActor : ReceiveActor
{
    public const string Name = "sam3r-node";

    public NodeActor(PipelineResources resources, IReadOnlyList<string> roles)
    {
        string address = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Receive<GetNodeInfo>(_ => Sender.Tell(new NodeInfo(
            address,
            roles,
            resources.DefaultModel,
            resources.DefaultModel is { } model && File.Exists(model) ? new FileInfo(model).Length : null,
            resources.DefaultModelDevice,
            resources.Processed.Count)));
        Receive<DropJob>(drop => resources.Dropped.Drop(drop.JobId, drop.Run));
    }

    public static Props Props(PipelineResources resources, IReadOnlyList<string> roles) =>
        Akka.Actor.Props.Create(() => new NodeActor(resources, roles));

    /// <summary>The node actor of the member at <paramref name="address"/>.</summary>
    public static ActorSelection Of(ActorSystem system, Address address) => system.ActorSelection(new RootActorPath(address) / "user" / Name);
}
