using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// The tiles a node's head start runs (<see cref="HeadStartActor"/>), shared with the readers: the
/// job's own request for one of them waits for that run instead of reading the tile a second time.
/// </summary>
public sealed class HeadStartTiles
{
    private readonly ConcurrentDictionary<(string Job, int Scene, int Tile), IActorRef> covered = new();
    private int started;
    private int joined;

    /// <summary>Tiles the head start has run (or begun).</summary>
    public int Started => Volatile.Read(ref started);

    /// <summary>The job's requests that found their tile in the head start.</summary>
    public int Joined => Volatile.Read(ref joined);

    internal void Cover(ProcessTile work, IActorRef headStart)
    {
        covered[KeyOf(work)] = headStart;
        Interlocked.Increment(ref started);
    }

    internal void Uncover(ProcessTile work) => covered.TryRemove(KeyOf(work), out _);

    /// <summary>
    /// Whether <paramref name="work"/>, asked by <paramref name="reportTo"/>, belongs to the head start
    /// and is not its own request: then <paramref name="headStart"/> answers it.
    /// </summary>
    internal bool TryRedirect(ProcessTile work, IActorRef reportTo, [NotNullWhen(true)] out IActorRef? headStart)
    {
        if (covered.TryGetValue(KeyOf(work), out headStart) && !headStart.Equals(reportTo))
        {
            Interlocked.Increment(ref joined);
            return true;
        }

        headStart = null;
        return false;
    }

    private static (string, int, int) KeyOf(ProcessTile work) => (work.JobId.Value, work.Scene, work.Tile.Id);
}
