using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Cli.Progress;

/// <summary>
/// Rates and ETA from successive <see cref="JobProgress"/> samples. Tiles that were already done
/// when the run started (a resumed job) do not count towards the rate. The clock stops at the first
/// final sample (outputs written or job failed): stopping the embedded node afterwards is not the job's time.
/// </summary>
internal sealed class ProgressMeter(Func<TimeSpan> clock)
{
    private int? baseline;
    private TimeSpan? finishedAt;

    public JobProgress? Latest { get; private set; }

    public TimeSpan Elapsed => finishedAt ?? clock();

    /// <summary>Tiles done when this run started (a resumed job), empty tiles excluded.</summary>
    public int TilesBefore => Latest is null || baseline is null ? 0 : Math.Max(0, baseline.Value - Latest.TilesEmpty - Latest.TilesOutsideAoi);

    /// <summary>Tiles done in this run (empty tiles and tiles done before a resume excluded).</summary>
    public int TilesThisRun => Latest is null || baseline is null ? 0 : Math.Max(0, Latest.TilesDone - baseline.Value);

    public double TilesPerSecond => Elapsed.TotalSeconds > 0 ? TilesThisRun / Elapsed.TotalSeconds : 0;

    public TimeSpan? Eta
    {
        get
        {
            if (Latest is null || TilesPerSecond <= 0 || Latest.TilesTotal == 0)
            {
                return null;
            }

            int remaining = Latest.TilesTotal - Latest.TilesDone;
            return TimeSpan.FromSeconds(remaining / TilesPerSecond);
        }
    }

    public void Update(JobProgress progress)
    {
        // The baseline is set by the first sample whose scenes are all planned (tile counts known).
        if (baseline is null && progress.ScenesPlanned == progress.SceneCount && progress.SceneCount > 0)
        {
            baseline = progress.TilesDone;
        }

        if (progress.IsFinished)
        {
            finishedAt ??= clock();
        }

        Latest = progress;
    }

    public string Describe()
    {
        var p = Latest;
        if (p is null || p.TilesTotal == 0)
        {
            return "planning…";
        }

        string eta = Eta is { } e ? $", ETA {Format(e)}" : string.Empty;
        string status = p.Status == JobStatus.Writing ? " — writing outputs" : string.Empty;
        string outside = p.TilesOutsideAoi > 0 ? $" ({p.TilesOutsideAoi} outside the AOI)" : string.Empty;
        return $"tiles {p.TilesDone}/{p.TilesTotal}{outside}, {TilesPerSecond:0.0} tiles/s, {p.RawFeatures} raw features{eta}{status}";
    }

    public static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0.0}s";
}
