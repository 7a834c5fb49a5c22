using Akka.Actor;
using Sam3.Inference.Contract;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Raster.Actors.Batching;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;

namespace Sam3.Raster.Actors.Tests.Pipeline;

/// <summary>A batch read in place must give every tile its own detections, however its patches lie in the ring.</summary>
public sealed class GpuActorTests : IAsyncLifetime
{
    private const int Side = ModelContract.PatchSize;
    private readonly ActorSystem system = ActorSystem.Create("gpu", "akka.loglevel = WARNING");
    private readonly TempDirectory temp = new("sam3r-gpu");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await system.Terminate();
        temp.Dispose();
    }

    [Fact]
    public async Task A_batch_across_the_rings_end_runs_in_place_in_two_pieces_and_each_tile_gets_its_own_detection()
    {
        ContractModelFactory.WriteColorModel(temp.File("color.onnx"), queries: 1);
        using var sessions = new SessionCache(ExecutionDevice.Cpu, maxBatchSize: 4);
        var pool = new PatchBufferPool(ModelContract.ImageLength, retained: 0, ringSlots: 6);

        // Four rentals given back, so the next four take slots 4, 5, 0, 1: across the ring's end.
        foreach (var p in Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList())
        {
            pool.Return(p);
        }

        var patches = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();
        Assert.Equal([4, 5, 0, 1], patches.Select(p => p.Slot));
        Assert.True(pool.WrapsAround(patches, out int tailFirst, out int tailCount));
        Assert.Equal((4, 2), (tailFirst, tailCount));

        // Tile i holds one red square of its own at x = 100 + 200 i.
        for (int i = 0; i < 4; i++)
        {
            PaintRedSquare(patches[i].Span, x0: 100 + (200 * i), y0: 300, side: 150);
        }

        var seen = new System.Collections.Concurrent.ConcurrentDictionary<int, TileDetections>();
        var geometry = system.ActorOf(Props.Create(() => new Recorder(seen)));
        var gpu = system.ActorOf(GpuActor.Props(sessions, new BatchingOptions(4, TimeSpan.FromSeconds(5), 8), geometry, pool));
        var spec = TestJobs.Spec() with { ModelPath = temp.File("color.onnx"), Prompts = ["red"] };
        foreach (int i in new[] { 2, 0, 3, 1 })
        {
            gpu.Tell(new PatchReady(new TileWorkProtocol.ProcessTile(JobId.For(spec), spec, 0, Tile(i)), patches[i], ActorRefs.Nobody));
        }

        for (int wait = 0; wait < 500 && seen.Count < 4; wait++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(4, seen.Count);
        for (int i = 0; i < 4; i++)
        {
            var detection = Assert.Single(seen[i].Detections);
            Assert.Equal(100 + (200 * i), detection.Box.X0, 1f);
            Assert.Equal(300, detection.Box.Y0, 1f);
        }

        Assert.Equal(2, sessions.BatchesRun);
        Assert.Equal(0, pool.InUse);
    }

    private static void PaintRedSquare(Span<float> chw, int x0, int y0, int side)
    {
        chw.Fill(-1f);
        var red = chw[..(Side * Side)];
        for (int row = y0; row < y0 + side; row++)
        {
            red.Slice((row * Side) + x0, side).Fill(1f);
        }
    }

    private static TileRef Tile(int i) =>
        new(i, i, 0, new PixelWindow(i * 880, 0, Side, Side), new PixelWindow(i * 880, 0, 880, 880), IsEmpty: false);

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(System.Collections.Concurrent.ConcurrentDictionary<int, TileDetections> seen) =>
            Receive<TileDetections>(d => seen[d.Work.Tile.Id] = d);
    }
}
