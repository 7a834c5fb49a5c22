namespace Sam3.Raster.Actors.Hosting;

/// <summary>Keys of the actors in the <see cref="Akka.Hosting.ActorRegistry"/>.</summary>
public static class ActorKeys
{
    /// <summary>The job entities' shard region (or proxy, on nodes without the control role).</summary>
    public sealed class JobRegion;

    /// <summary>Cuts scenes into tile plans.</summary>
    public sealed class TilePlanner;

    /// <summary>Takes <see cref="Pipeline.TileWorkProtocol.ProcessTile"/> work: read, infer, vectorize, store.</summary>
    public sealed class TileProcessor;

    /// <summary>Vectorizes detections and stores per-tile results.</summary>
    public sealed class Geometry;

    /// <summary>Merges seams and writes a job's outputs.</summary>
    public sealed class OutputWriter;
}
