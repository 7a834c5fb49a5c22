using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Sam3.Raster.Actors.Diagnostics;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Tests.EndToEnd;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Diagnostics;

/// <summary>Runs alone: the meter is process-wide, so another job at the same time would add to the counts.</summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>
/// The pipeline's instruments (meter "Sam3.Raster"), read by a <see cref="MeterListener"/> as
/// dotnet-counters or OpenTelemetry would, while a whole job runs on the colour scene.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class PipelineMetricsTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task A_job_reports_tiles_completed_in_flight_tiles_batch_sizes_and_model_run_times()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PipelineMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.Start();

        using var temp = new TempDirectory("sam3r-metrics");
        var spec = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, temp.Path, ["red"]);
        var settings = PipelineSettings.Default with { Batch = 4, MaxInFlightTiles = 8 };
        var (final, _) = await PipelineRun.RunAsync(spec, temp.File("state.db"), settings);
        Assert.Equal(JobStatus.Completed, final.Status);
        int tilesRun = final.TilesTotal - final.TilesEmpty;
        var all = measurements.ToList();
        double[] Of(string name) => [.. all.Where(m => m.Instrument == name).Select(m => m.Value)];

        Assert.Equal(tilesRun, Of("sam3r.tiles.completed").Sum());
        Assert.Empty(Of("sam3r.tiles.failed"));

        // Batches: every tile run once, at most `batch` patches per run, each run timed.
        var batches = Of("sam3r.model.batch_size");
        Assert.Equal(tilesRun, batches.Sum());
        Assert.All(batches, b => Assert.InRange(b, 1, settings.Batch));
        Assert.Contains(batches, b => b > 1);
        var runs = Of("sam3r.model.run.duration");
        Assert.Equal(batches.Length, runs.Length);
        Assert.All(runs, s => Assert.InRange(s, 1e-6, 60));

        // Gauges as running sums of their changes: within the credit window, back to zero at the end.
        var inFlight = RunningSums(Of("sam3r.tiles.in_flight"));
        Assert.InRange(inFlight.Max(), 1, settings.MaxInFlightTiles);
        Assert.Equal(0, inFlight[^1]);
        var queue = RunningSums(Of("sam3r.model.queue"));
        Assert.InRange(queue.Max(), 1, settings.MaxInFlightTiles);
        Assert.Equal(0, queue[^1]);
    }

    private static double[] RunningSums(double[] changes)
    {
        double sum = 0;
        return [.. changes.Select(c => sum += c)];
    }
}
