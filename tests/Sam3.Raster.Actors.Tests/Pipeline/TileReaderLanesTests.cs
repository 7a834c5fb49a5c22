using Akka.Actor;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Actors.Tests.Pipeline;

public sealed class TileReaderLanesTests : IAsyncLifetime
{
    private readonly ActorSystem system = ActorSystem.Create("lanes", "akka.loglevel = WARNING");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await system.Terminate();

    [Fact]
    public void Neighbouring_columns_share_a_reader_and_every_reader_gets_a_band()
    {
        const int readers = 3;
        var lanes = Enumerable.Range(0, 23).Select(col => TileReaderLanes.LaneOf(Tile(col, row: 5), readers)).ToArray();

        // Bands of LaneWidth columns: a change of reader only at a band edge.
        for (int col = 1; col < lanes.Length; col++)
        {
            Assert.Equal(col % TileReaderLanes.LaneWidth != 0, lanes[col] == lanes[col - 1]);
        }

        Assert.Equal([0, 1, 2], lanes.Distinct().Order());

        // The row does not matter: a reader's next row finds its band's blocks still cached.
        Assert.All(Enumerable.Range(0, 23), col => Assert.Equal(lanes[col], TileReaderLanes.LaneOf(Tile(col, row: 6), readers)));
    }

    [Fact]
    public async Task Forwards_each_tile_to_its_lanes_reader_keeping_the_sender()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(string Reader, int Col, IActorRef Sender)>();
        var reader = Props.Create(() => new RecordingReader(seen));
        var lanes = system.ActorOf(TileReaderLanes.Props(2, reader), "tiles");
        var probe = system.ActorOf(Props.Empty, "sender");

        foreach (var col in new[] { 0, 3, 4, 7, 8 })
        {
            lanes.Tell(Work(col), probe);
        }

        await AwaitCount(seen, 5);
        var byCol = seen.ToDictionary(s => s.Col);
        Assert.Equal(byCol[0].Reader, byCol[3].Reader);
        Assert.Equal(byCol[4].Reader, byCol[7].Reader);
        Assert.NotEqual(byCol[0].Reader, byCol[4].Reader);
        Assert.Equal(byCol[0].Reader, byCol[8].Reader);
        Assert.All(seen, s => Assert.Equal(probe, s.Sender));
    }

    private static async Task AwaitCount<T>(System.Collections.Concurrent.ConcurrentQueue<T> queue, int count)
    {
        for (int i = 0; i < 200 && queue.Count < count; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(count, queue.Count);
    }

    private static TileRef Tile(int col, int row) =>
        new(row * 100 + col, col, row, new PixelWindow(col * 880, row * 880, 1008, 1008), new PixelWindow(col * 880, row * 880, 880, 880), IsEmpty: false);

    private static TileWorkProtocol.ProcessTile Work(int col) =>
        new(JobId.For(TestJobs.Spec()), TestJobs.Spec(), 0, Tile(col, row: 0));

    private sealed class RecordingReader : ReceiveActor
    {
        public RecordingReader(System.Collections.Concurrent.ConcurrentQueue<(string, int, IActorRef)> seen) =>
            Receive<TileWorkProtocol.ProcessTile>(work => seen.Enqueue((Self.Path.Name, work.Tile.GridCol, Sender)));
    }
}
