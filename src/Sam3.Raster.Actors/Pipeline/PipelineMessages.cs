using Akka.Actor;
using Sam3.Inference.Decoding;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Messages inside one node, between the tiling, GPU and geometry actors. They hold pixels and
/// masks, so they never leave the node (no manifest, never serialized).
/// </summary>
internal static class PipelineMessages
{
    /// <summary>A tile's patch, read and scaled, waiting for the model. The buffer comes from the <see cref="PatchBufferPool"/> (a ring slot, usually).</summary>
    public sealed record PatchReady(ProcessTile Work, PatchBuffer Patch, IActorRef ReportTo);

    /// <summary>What the model found in one tile (every prompt), masks in patch pixels.</summary>
    public sealed record TileDetections(ProcessTile Work, IReadOnlyList<Detection> Detections, IActorRef ReportTo);

    /// <summary>
    /// A tile handed to this node's pipeline by a tile worker (<see cref="TileWorkerActor"/>): its
    /// result (<c>RecordTileCompleted</c> / <c>RecordTileFailed</c>) goes to <paramref name="ReportTo"/>
    /// instead of the job region, so the worker confirms the delivery only once the tile is done.
    /// </summary>
    public sealed record AssignedTile(ProcessTile Work, IActorRef ReportTo);

    /// <summary>
    /// A tile of a cancelled run, dropped by the node's pipeline (<see cref="DroppedJobs"/>): its worker
    /// confirms the delivery and the job hears nothing (it records nothing for a cancelled run).
    /// </summary>
    public sealed record TileDropped(ProcessTile Work);
}
