using System.Collections.Concurrent;
using Akka.Actor;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.HeadStartProtocol;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Tests.Pipeline;

/// <summary>
/// The head start runs the job's first tiles in the entity's order before the entity can; the
/// entity's requests for them get its results, and a tile it fails goes back to the normal path.
/// </summary>
public sealed class HeadStartTests : IAsyncLifetime
{
    private readonly ActorSystem system = ActorSystem.Create("head-start", "akka.loglevel = WARNING");
    private readonly TempDirectory temp = new("sam3r-headstart");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await system.Terminate();
        temp.Dispose();
    }

    [Fact]
    public async Task The_first_tiles_run_once_their_results_answer_the_job_and_a_failed_one_is_read_again()
    {
        var spec = TestJobs.Spec() with { WorkDirectory = temp.File("work") };
        var job = JobId.For(spec);

        // Tile 0 is empty and tile 1 already stored: the head start takes tiles 2 and 3, not 4.
        TileResultStore.Write(spec.WorkDirectory, 0, 1, []);
        var plan = new SceneTiles(job, 0, 5000, 1008, 5, 1, [.. Enumerable.Range(0, 5).Select(i => Tile(i, empty: i == 0))]);
        var registry = new HeadStartTiles();
        var readers = new Recorder(system);
        var requester = new Recorder(system);
        var headStart = system.ActorOf(HeadStartActor.Props(job, spec, Task.FromResult<object>(plan), readers.Ref, registry, count: 2));

        var sent = await readers.Take<AssignedTile>(2);
        Assert.Equal([2, 3], sent.Select(a => a.Work.Tile.Id));
        Assert.All(sent, a => Assert.Equal(headStart, a.ReportTo));
        Assert.Equal(2, registry.Started);
        var (two, three) = (sent[0].Work, sent[1].Work);

        // The readers leave the head start's own request to them, and redirect the job's.
        Assert.False(registry.TryRedirect(two, headStart, out _));
        Assert.True(registry.TryRedirect(two, requester.Ref, out var runner));
        Assert.Equal(headStart, runner);
        Assert.False(registry.TryRedirect(new ProcessTile(job, spec, 0, Tile(4, empty: false)), requester.Ref, out _));

        // Asked before and after the result: both get it.
        headStart.Tell(new AwaitTile(two, requester.Ref));
        headStart.Tell(new RecordTileCompleted(job, 0, 2, Features: 7));
        headStart.Tell(new AwaitTile(two, requester.Ref));
        var answers = await requester.Take<RecordTileCompleted>(2);
        Assert.All(answers, a => Assert.Equal((2, 7), (a.Tile, a.Features)));

        // A failure is not the job's: the tile is released and the job's request is read as usual.
        headStart.Tell(new AwaitTile(three, requester.Ref));
        headStart.Tell(new RecordTileFailed(job, 0, 3, "boom"));
        var again = Assert.Single(await readers.Take<AssignedTile>(1));
        Assert.Equal((3, requester.Ref), (again.Work.Tile.Id, again.ReportTo));
        Assert.False(registry.TryRedirect(three, requester.Ref, out _));
        Assert.Equal(1, registry.Joined);
    }

    private static TileRef Tile(int i, bool empty) =>
        new(i, i, 0, new PixelWindow(i * 880, 0, 1008, 1008), new PixelWindow(i * 880, 0, 880, 1008), empty);

    /// <summary>An actor that keeps what it receives, and waits for it.</summary>
    private sealed class Recorder
    {
        private readonly ConcurrentQueue<object> received = new();

        public Recorder(ActorSystem system) => Ref = system.ActorOf(Props.Create(() => new Sink(received)));

        public IActorRef Ref { get; }

        public async Task<List<T>> Take<T>(int count)
        {
            var taken = new List<T>();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (taken.Count < count)
            {
                if (received.TryDequeue(out var message))
                {
                    taken.Add(Assert.IsType<T>(message));
                    continue;
                }

                Assert.True(DateTime.UtcNow < deadline, $"{taken.Count} of {count} {typeof(T).Name} messages in 10 s");
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            return taken;
        }

        private sealed class Sink : ReceiveActor
        {
            public Sink(ConcurrentQueue<object> received) => ReceiveAny(received.Enqueue);
        }
    }
}
