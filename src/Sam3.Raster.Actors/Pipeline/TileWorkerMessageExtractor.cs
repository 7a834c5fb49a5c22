using Akka.Cluster.Sharding;
using Sam3.Raster.Actors.Cluster;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Tile workers: entity id = shard id = the worker number (0 … <see cref="ClusterConstants.TileWorkerCount"/>−1),
/// so the shard allocation spreads the workers evenly over the gpu nodes. Messages arrive as
/// <see cref="ShardingEnvelope"/>s from the job's <c>ShardingProducerController</c>.
/// </summary>
public sealed class TileWorkerMessageExtractor : IMessageExtractor
{
    // Akka unwraps ShardingEnvelope (and StartEntity) itself and asks ShardId(entityId) below.
    public string? EntityId(object message) => null;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => null;

    public string ShardId(string entityId, object? messageHint = null) => entityId;

    /// <summary>The worker for a tile: consecutive tiles go to consecutive workers; a retry moves on to the next one.</summary>
    public static string WorkerFor(int scene, int tile, int attempt) =>
        (((scene * 7919L) + tile + attempt) % ClusterConstants.TileWorkerCount).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The worker an actor of a tile worker's entity belongs to (its shard, below the region
    /// <c>/system/sharding/tile-worker</c>), or null for any other actor: tile results come from
    /// there, and say where the worker lives.
    /// </summary>
    public static string? WorkerOf(Akka.Actor.ActorPath path)
    {
        var elements = path.Elements;
        for (int i = 0; i + 1 < elements.Count; i++)
        {
            if (elements[i] == ClusterConstants.TileWorkerTypeName && i > 0 && elements[i - 1] == "sharding")
            {
                return elements[i + 1];
            }
        }

        return null;
    }
}
