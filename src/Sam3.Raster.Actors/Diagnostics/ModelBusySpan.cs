using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sam3.Raster.Actors.Diagnostics;

/// <summary>
/// From the start of the process's first model run to the end of its last, read from the meter
/// (<see cref="PipelineMetrics.RunDuration"/>, recorded as each run ends): the pipeline's steady
/// state, without its start-up and the final writing. <c>sam3r run --json</c> reports it for the
/// pipeline benchmark. Counts every GPU actor of the process while it is listening.
/// </summary>
public sealed class ModelBusySpan : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly Lock gate = new();
    private long firstStart = long.MaxValue;
    private long lastEnd = long.MinValue;

    public ModelBusySpan()
    {
        // By name: the instrument may be published from PipelineMetrics' static initializer, while
        // PipelineMetrics.RunDuration is still null.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PipelineMetrics.MeterName && instrument.Name == PipelineMetrics.RunDurationName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => Add(seconds));
        listener.Start();
    }

    /// <summary>Seconds from the first run's start to the last run's end; 0 before any run ended.</summary>
    public double Seconds
    {
        get
        {
            lock (gate)
            {
                return lastEnd < firstStart ? 0 : Stopwatch.GetElapsedTime(firstStart, lastEnd).TotalSeconds;
            }
        }
    }

    public void Dispose() => listener.Dispose();

    private void Add(double seconds)
    {
        long end = Stopwatch.GetTimestamp();
        long start = end - (long)(seconds * Stopwatch.Frequency);
        lock (gate)
        {
            firstStart = Math.Min(firstStart, start);
            lastEnd = Math.Max(lastEnd, end);
        }
    }
}
