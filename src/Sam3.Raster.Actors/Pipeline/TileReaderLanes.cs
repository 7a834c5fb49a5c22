using Akka.Actor;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Spreads tiles over this node's tiling actors by bands of grid columns, so that neighbouring
/// tiles go to the same reader. Each reader has its own GDAL dataset and so its own cached
/// blocks; tiles overlap, and a compressed block shared by two tiles read by different readers
/// is decompressed twice. Round-robin sent horizontal neighbours to alternating readers, which
/// decompressed most blocks twice; bands of <see cref="LaneWidth"/> columns share blocks only
/// at band edges (and a reader's next row finds its band's overlap rows still cached).
/// </summary>
public sealed class TileReaderLanes : ReceiveActor
{
    /// <summary>Grid columns per band: wide enough that band edges are rare, narrow enough that every reader has work in every tile row of a 10 000 px scene.</summary>
    public const int LaneWidth = 4;

    private readonly IActorRef[] readers;

    public TileReaderLanes(int readerCount, Props reader)
    {
        readers = Enumerable.Range(0, readerCount).Select(i => Context.ActorOf(reader, $"reader-{i}")).ToArray();
        Receive<ProcessTile>(work => ReaderOf(work.Tile).Forward(work));
        Receive<AssignedTile>(assigned => ReaderOf(assigned.Work.Tile).Forward(assigned));
    }

    public static Props Props(int readerCount, Props reader) =>
        Akka.Actor.Props.Create(() => new TileReaderLanes(readerCount, reader));

    /// <summary>The lane of a tile: its band of grid columns, bands dealt to readers in turn.</summary>
    public static int LaneOf(TileRef tile, int readerCount) => (tile.GridCol / LaneWidth) % readerCount;

    private IActorRef ReaderOf(TileRef tile) => readers[LaneOf(tile, readers.Length)];
}
