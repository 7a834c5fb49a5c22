using System.Diagnostics.Metrics;
using Akka.Actor;
using Sam3.Inference.Contract;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Raster.Actors.Batching;
using Sam3.Raster.Actors.Diagnostics;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;

namespace Sam3.Raster.Actors.Tests.Pipeline;

/// <summary>
/// The GPU actor gives every tile of a batch its own detections, whether the batch is read in place
/// from the patch ring or copied into the session's input, and records each model run on the meter.
/// </summary>
public sealed class GpuActorTests(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit("akka.loglevel = WARNING", output)
{
    private const int Side = ModelContract.PatchSize;
    private readonly TempDirectory temp = new("sam3r-gpu");

    [Fact]
    public void A_batch_in_consecutive_ring_slots_is_one_model_run_and_each_tile_gets_its_own_detection()
    {
        using var sessions = new SessionCache(ExecutionDevice.Cpu, maxBatchSize: 4);
        var pool = new PatchBufferPool(ModelContract.ImageLength, retained: 0, ringSlots: 6);
        var patches = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();
        Assert.Equal([0, 1, 2, 3], patches.Select(p => p.Slot));

        RunAndExpectOwnDetections(sessions, pool, patches, "gpu-in-place");

        Assert.Equal(1, sessions.BatchesRun);
        AwaitAssert(() => Assert.Equal(0, pool.InUse));
    }

    [Fact]
    public void A_batch_across_the_rings_end_is_copied_into_one_model_run_and_each_tile_gets_its_own_detection()
    {
        using var sessions = new SessionCache(ExecutionDevice.Cpu, maxBatchSize: 4);
        var pool = new PatchBufferPool(ModelContract.ImageLength, retained: 0, ringSlots: 6);

        // Four rentals given back, so the next four take slots 4, 5, 0, 1: across the ring's end.
        foreach (var p in Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList())
        {
            pool.Return(p);
        }

        var patches = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();
        Assert.Equal([4, 5, 0, 1], patches.Select(p => p.Slot));
        Assert.False(PatchBufferPool.AreConsecutive(patches, out _));

        RunAndExpectOwnDetections(sessions, pool, patches, "gpu-wrapped");

        Assert.Equal(1, sessions.BatchesRun);
        AwaitAssert(() => Assert.Equal(0, pool.InUse));
    }

    [Fact]
    public void Each_model_run_records_its_own_wall_time_and_batch_size_on_the_meter()
    {
        using var busy = new ModelBusySpan();
        const string Name = "gpu-metered";
        var durations = new System.Collections.Concurrent.ConcurrentQueue<double>();
        var sizes = new System.Collections.Concurrent.ConcurrentQueue<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PipelineMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };

        // Other tests' GPU actors record on the same meter: only this test's actor counts.
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == PipelineMetrics.RunDurationName && HasGpuTag(tags, Name))
            {
                durations.Enqueue(value);
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "sam3r.model.batch_size" && HasGpuTag(tags, Name))
            {
                sizes.Enqueue(value);
            }
        });
        listener.Start();

        using var sessions = new SessionCache(ExecutionDevice.Cpu, maxBatchSize: 4);
        var pool = new PatchBufferPool(ModelContract.ImageLength, retained: 0, ringSlots: 6);
        RunAndExpectOwnDetections(sessions, pool, [.. Enumerable.Range(0, 4).Select(_ => pool.Rent())], Name);

        AwaitAssert(() => Assert.Equal([4], sizes));
        var run = Assert.Single(durations);
        Assert.True(run > 0, $"a model run of 4 patches recorded {run} s");

        // The busy span read from the same meter covers the run (other tests' runs may widen it).
        Assert.True(busy.Seconds >= run, $"busy span {busy.Seconds} s, run {run} s");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            temp.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool HasGpuTag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string gpu)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "gpu" && Equals(tag.Value, gpu))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Paints tile i's own red square into <paramref name="patches"/>[i], sends the patches to a GPU
    /// actor out of order in one batch, and expects each tile's detection where its square is.
    /// </summary>
    private void RunAndExpectOwnDetections(SessionCache sessions, PatchBufferPool pool, IReadOnlyList<PatchBuffer> patches, string name)
    {
        ContractModelFactory.WriteColorModel(temp.File("color.onnx"), queries: 1);
        for (int i = 0; i < patches.Count; i++)
        {
            PaintRedSquare(patches[i].Span, x0: 100 + (200 * i), y0: 300, side: 150);
        }

        var geometry = CreateTestProbe();
        var gpu = Sys.ActorOf(GpuActor.Props(sessions, new BatchingOptions(patches.Count, TimeSpan.FromSeconds(5), 8), geometry.Ref, pool), name);
        var spec = TestJobs.Spec() with { ModelPath = temp.File("color.onnx"), Prompts = ["red"] };
        foreach (int i in new[] { 2, 0, 3, 1 })
        {
            gpu.Tell(new PatchReady(new TileWorkProtocol.ProcessTile(JobId.For(spec), spec, 0, Tile(i)), patches[i], ActorRefs.Nobody));
        }

        var seen = geometry.ReceiveN(patches.Count, TimeSpan.FromSeconds(30)).Cast<TileDetections>().ToDictionary(d => d.Work.Tile.Id);
        for (int i = 0; i < patches.Count; i++)
        {
            var detection = Assert.Single(seen[i].Detections);
            Assert.Equal(100 + (200 * i), detection.Box.X0, 1f);
            Assert.Equal(300, detection.Box.Y0, 1f);
        }
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
}
