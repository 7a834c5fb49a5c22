using Akka.Configuration;
using Sam3.Raster.Actors.Entities;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Every setting of a sam3r process, built once at start: the settings file (<see cref="Sam3Config"/>),
/// then the command line's <see cref="SettingsOverrides"/>. Every entry point takes its node settings
/// from here, so a key read by one is read by all, and each default is stated once (in the type that
/// uses it).
/// </summary>
public sealed record Sam3Settings
{
    /// <summary>The settings file as read; its <c>akka</c> section overrides the node's defaults.</summary>
    public required Config Hocon { get; init; }

    public required PipelineSettings Pipeline { get; init; }

    /// <summary>The job entities' settings: the credit window follows the pipeline's in-flight bound.</summary>
    public required JobEntitySettings Jobs { get; init; }

    /// <summary>The settings file (SAM3R_CONFIG, else config/sam3r.conf) with <paramref name="overrides"/> on top.</summary>
    public static Sam3Settings Load(SettingsOverrides overrides) => From(Sam3Config.Load(), overrides);

    /// <summary>Builds and checks the settings; a bad value is one <see cref="ArgumentException"/> naming it.</summary>
    public static Sam3Settings From(Config hocon, SettingsOverrides overrides)
    {
        var pipeline = PipelineSettings.FromConfig(hocon);
        pipeline = (pipeline with
        {
            Batch = overrides.Batch ?? pipeline.Batch,
            Device = overrides.Device is { } device ? DeviceList.Parse(device, "--device").ToString() : pipeline.Device,
            MaxInFlightTiles = overrides.MaxInFlightTiles ?? pipeline.MaxInFlightTiles,
        }).Validated();
        var jobs = new JobEntitySettings(pipeline.MaxInFlightTiles, pipeline.SnapshotEvery)
        {
            TileTimeout = hocon.GetTimeSpan("sam3r.jobs.tile-timeout", JobEntitySettings.Default.TileTimeout),
        };
        if (jobs.TileTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"tile-timeout must be positive, got {jobs.TileTimeout}");
        }

        return new Sam3Settings { Hocon = hocon, Pipeline = pipeline, Jobs = jobs };
    }

    /// <summary><paramref name="node"/> with these job settings and this settings file.</summary>
    public Sam3NodeOptions ApplyTo(Sam3NodeOptions node) => node with { Jobs = Jobs, Hocon = Hocon };
}
