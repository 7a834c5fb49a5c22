using Akka.Actor;

namespace Sam3.Raster.Actors.Entities;

/// <summary>Where a job entity sends its work: scene planning, tile processing and the output writer.</summary>
public sealed record JobPipeline(IActorRef Planner, IActorRef Tiles, IActorRef Writer);
