using Akka.Actor;

namespace Sam3.Raster.Actors.Entities;

/// <summary>
/// Where a job entity sends its work: scene planning, tile processing and the output writer.
/// With <see cref="TileWorkers"/> (the tile-worker shard region or its proxy) tiles go out through
/// Akka.Delivery (a <c>ShardingProducerController</c>; the job's own events make it durable);
/// without it they are told to <see cref="Tiles"/> directly (entity tests with stub pipelines).
/// </summary>
public sealed record JobPipeline(IActorRef Planner, IActorRef Tiles, IActorRef Writer)
{
    public IActorRef? TileWorkers { get; init; }
}
