using Sam3.Raster.Actors.Cluster;
using static Sam3.Raster.Actors.Nodes.NodeProtocol;

namespace Sam3.Raster.Actors.Gateway;

/// <summary>
/// The models the gpu nodes were started with (<c>--model</c>): the model of a job submitted without
/// one, and the line that names the nodes when their model files differ (path or size).
/// </summary>
public static class GpuModels
{
    /// <summary>The one model every gpu node that has one was started with; null when none has one or they differ.</summary>
    public static string? Common(IReadOnlyList<NodeInfo> nodes)
    {
        var models = Distinct(nodes);
        return models.Count == 1 ? models[0].Key.Model : null;
    }

    /// <summary>"gpu nodes have different models: A: /m/a.onnx (123 bytes); B: …", or null when they agree.</summary>
    public static string? Describe(IReadOnlyList<NodeInfo> nodes)
    {
        var models = Distinct(nodes);
        if (models.Count < 2)
        {
            return null;
        }

        return "gpu nodes have different models: " + string.Join("; ", models.Select(g =>
            $"{string.Join(", ", g.Select(n => n.Address))}: {g.Key.Model} ({g.Key.ModelBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} bytes)"));
    }

    private static List<IGrouping<(string? Model, long? ModelBytes), NodeInfo>> Distinct(IReadOnlyList<NodeInfo> nodes) =>
        [.. nodes
            .Where(n => n.Roles.Contains(ClusterConstants.GpuRole) && n.Model is not null)
            .GroupBy(n => (n.Model, n.ModelBytes))
            .OrderBy(g => g.Key.Model, StringComparer.Ordinal)];
}
