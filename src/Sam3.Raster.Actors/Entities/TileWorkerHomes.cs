using System.Collections.Immutable;
using Akka.Actor;
using Sam3.Raster.Actors.Pipeline;

namespace Sam3.Raster.Actors.Entities;

/// <summary>
/// Where a job's tile workers live, as far as the job has seen (a tile's result comes from the node
/// of the worker it was sent to), and which gpu nodes are unreachable now. It lets a job send
/// tiles away from an unreachable node at once, without waiting for the node to be downed and its
/// shards to move: <see cref="Choose"/> moves a tile from its worker to the next one known to live
/// on a reachable node. A pure value, kept beside the dispatch and never persisted.
/// </summary>
public sealed record TileWorkerHomes
{
    private ImmutableDictionary<string, Address> homes = ImmutableDictionary<string, Address>.Empty;
    private ImmutableHashSet<Address> unreachable = [];

    public static TileWorkerHomes Empty { get; } = new();

    /// <summary>A result of <paramref name="worker"/> came from <paramref name="node"/>: the worker lives there.</summary>
    public TileWorkerHomes Learned(string worker, Address node) =>
        homes.TryGetValue(worker, out var known) && known == node ? this : this with { homes = homes.SetItem(worker, node) };

    public TileWorkerHomes Unreached(Address node) => unreachable.Contains(node) ? this : this with { unreachable = unreachable.Add(node) };

    public TileWorkerHomes Reached(Address node) => unreachable.Contains(node) ? this with { unreachable = unreachable.Remove(node) } : this;

    /// <summary>The node left the cluster: its workers live elsewhere from now on (where, the next results tell).</summary>
    public TileWorkerHomes Removed(Address node) => this with
    {
        homes = homes.RemoveRange(homes.Where(kv => kv.Value == node).Select(kv => kv.Key)),
        unreachable = unreachable.Remove(node),
    };

    /// <summary>Whether <paramref name="worker"/> lives on an unreachable node, or nowhere known while some node is unreachable.</summary>
    public bool MayBeLost(string worker) =>
        !unreachable.IsEmpty && (!homes.TryGetValue(worker, out var node) || unreachable.Contains(node));

    /// <summary>
    /// The worker to send to instead of <paramref name="preferred"/>: itself while no node is
    /// unreachable; else the first worker from it on (in id order, wrapping) known to live on a
    /// reachable node. Workers of unknown home are passed over, as their shard may need the
    /// unreachable node's coordinator to be found; with no worker known on a reachable node, the
    /// preferred one (its tile waits for the node's shards to move).
    /// </summary>
    public string Choose(string preferred)
    {
        if (unreachable.IsEmpty)
        {
            return preferred;
        }

        int start = int.Parse(preferred, System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < Cluster.ClusterConstants.TileWorkerCount; i++)
        {
            string worker = ((start + i) % Cluster.ClusterConstants.TileWorkerCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (homes.TryGetValue(worker, out var node) && !unreachable.Contains(node))
            {
                return worker;
            }
        }

        return preferred;
    }

    /// <summary>The worker a tile goes to: its place by <see cref="TileWorkerMessageExtractor.WorkerFor"/>, moved by <see cref="Choose"/>.</summary>
    public string WorkerFor(TileOrder order) => Choose(TileWorkerMessageExtractor.WorkerFor(order.Key.Scene, order.Key.Tile, order.Route));
}
