namespace Sam3.Raster.Actors.Hosting;

/// <summary>Keys of the actors in the <see cref="Akka.Hosting.ActorRegistry"/>.</summary>
public static class ActorKeys
{
    /// <summary>The job entities' shard region (or proxy, on nodes without the control role).</summary>
    public sealed class JobRegion;

    /// <summary>The tile-worker shard region (gpu nodes) or its proxy: where job entities deliver tiles.</summary>
    public sealed class TileWorkers;

    /// <summary>Cuts scenes into tile plans (a cluster-aware router to the planners on gpu nodes).</summary>
    public sealed class TilePlanner;

    /// <summary>Takes <see cref="Pipeline.TileWorkProtocol.ProcessTile"/> work: read, infer, vectorize, store.</summary>
    public sealed class TileProcessor;

    /// <summary>Vectorizes detections and stores per-tile results.</summary>
    public sealed class Geometry;

    /// <summary>Merges seams and writes a job's outputs (a cluster-aware router to the writers on geo nodes).</summary>
    public sealed class OutputWriter;

    /// <summary>The <see cref="Actors.Gateway.JobGateway"/> of a control node: what the node's HTTP API asks.</summary>
    public sealed class Gateway;
}
