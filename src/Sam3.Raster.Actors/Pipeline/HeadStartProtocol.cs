using Akka.Actor;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>Messages of the head start (<see cref="HeadStartActor"/>), inside one node: never serialized.</summary>
internal static class HeadStartProtocol
{
    /// <summary>The job's own request for a tile the head start runs: its result goes to <paramref name="ReportTo"/>.</summary>
    public sealed record AwaitTile(ProcessTile Work, IActorRef ReportTo);

    /// <summary>The plan of the scene the head start takes its tiles from (a plan reply, or the planner's failure).</summary>
    public sealed record PlanReady(object? Plan);
}
