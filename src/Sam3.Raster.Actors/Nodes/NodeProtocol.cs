using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Nodes;

/// <summary>What one node is asked about itself, or told, by the job entities and the gateway (its <see cref="NodeActor"/>).</summary>
public static class NodeProtocol
{
    /// <summary>Answered by <see cref="NodeInfo"/>.</summary>
    public sealed record GetNodeInfo : ISam3Message
    {
        public static GetNodeInfo Instance { get; } = new();
    }

    /// <summary>
    /// A node as it was started: its address and roles, the model it was given (<c>--model</c>, as a
    /// path and its size in bytes; null without one), where that model runs, and the tiles it stored.
    /// </summary>
    public sealed record NodeInfo(
        string Address,
        IReadOnlyList<string> Roles,
        string? Model,
        long? ModelBytes,
        string? Device,
        long TilesProcessed) : ISam3Message;

    /// <summary>A job's run <paramref name="Run"/> is cancelled: drop its tiles (see <see cref="Pipeline.DroppedJobs"/>).</summary>
    public sealed record DropJob(JobId JobId, int Run) : ISam3Message;
}
