using Sam3.Raster.Actors.Gateway;

namespace Sam3.Raster.Api;

/// <summary>
/// One member of the cluster as <c>GET /nodes</c> shows it: address, roles, membership status and,
/// when it answered, its model (<c>--model</c>), device and the tiles it stored since it started.
/// </summary>
public sealed record NodeView(string Address, IReadOnlyList<string> Roles, string Status, string? Model, string? Device, long? TilesProcessed)
{
    public static IReadOnlyList<NodeView> From(GatewayProtocol.JobList list) =>
        [.. list.Nodes.Select(line =>
        {
            // "address [roles] status", as the gateway lists members.
            int open = line.IndexOf(" [", StringComparison.Ordinal), close = line.IndexOf("] ", StringComparison.Ordinal);
            string address = open > 0 ? line[..open] : line;
            var roles = open > 0 && close > open ? line[(open + 2)..close].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            string status = close > 0 ? line[(close + 2)..] : "";
            var info = list.NodeDetails?.FirstOrDefault(d => d.Address == address);
            return new NodeView(address, roles, status, info?.Model, info?.Device, info?.TilesProcessed);
        })];
}

/// <summary>The nodes, and a line naming the gpu nodes whose model files differ (null when they agree).</summary>
public sealed record NodesView(IReadOnlyList<NodeView> Nodes, string? ModelMismatch);
