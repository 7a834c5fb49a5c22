using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Nodes;

/// <summary>What a node says about itself to the dashboard (<c>/user/sam3r-node-stats</c> on every node).</summary>
public static class NodeProtocol
{
    public sealed record GetNodeStats : ISam3Message
    {
        public static GetNodeStats Instance { get; } = new();
    }

    /// <summary>
    /// A node's inference devices (empty without the gpu role), the tiles it has vectorized and
    /// stored since it started, and its recent rate (tiles per second over the last
    /// <see cref="NodeStatsActor.RateWindow"/>).
    /// </summary>
    public sealed record NodeStats(string Address, IReadOnlyList<string> Roles, IReadOnlyList<string> Devices, long Tiles, double TilesPerSecond) : ISam3Message;
}
