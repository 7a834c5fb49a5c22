using Akka.Actor;
using static Sam3.Raster.Actors.Nodes.NodeProtocol;

namespace Sam3.Raster.Actors.Nodes;

/// <summary>One member of the cluster as the dashboard lists it; the stats are null when the node did not answer in time.</summary>
public sealed record NodeInfo(string Address, IReadOnlyList<string> Roles, string Status, IReadOnlyList<string>? Devices, long? Tiles, double? TilesPerSecond);

/// <summary>Every member of the cluster with its stats, asked of each member's <see cref="NodeStatsActor"/> at once.</summary>
public static class ClusterNodes
{
    public static async Task<IReadOnlyList<NodeInfo>> ListAsync(ActorSystem system, TimeSpan timeout)
    {
        var members = Akka.Cluster.Cluster.Get(system).State.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).ToList();
        var stats = await Task.WhenAll(members.Select(m => Ask(system, m.Address, timeout)));
        return [.. members.Select((m, i) => new NodeInfo(
            m.Address.ToString(),
            [.. m.Roles.Order(StringComparer.Ordinal)],
            m.Status.ToString().ToLowerInvariant(),
            stats[i]?.Devices,
            stats[i]?.Tiles,
            stats[i]?.TilesPerSecond))];
    }

    private static async Task<NodeStats?> Ask(ActorSystem system, Address address, TimeSpan timeout)
    {
        try
        {
            return await system.ActorSelection(new RootActorPath(address) / "user" / NodeStatsActor.Name).Ask<NodeStats>(GetNodeStats.Instance, timeout);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
