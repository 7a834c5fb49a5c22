using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Entities;

/// <summary>What a job entity sends after <see cref="TileDispatch.Advance"/>.</summary>
/// <param name="AskPlans">Scenes to ask the planner for.</param>
/// <param name="Tiles">Tiles to send, in order.</param>
/// <param name="WriteOutputs">Every scene's plan, in spec order, when the writer is to be asked for the outputs; otherwise null.</param>
public sealed record DispatchOrders(IReadOnlyList<int> AskPlans, IReadOnlyList<TileOrder> Tiles, IReadOnlyList<SceneTiles>? WriteOutputs)
{
    public static DispatchOrders None { get; } = new([], [], null);
}

/// <summary>One tile to send: <paramref name="Route"/> counts its failed attempts and the job's reroutes, and picks its worker.</summary>
public sealed record TileOrder(TileKey Key, TileRef Tile, int Route);
