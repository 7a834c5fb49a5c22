using Akka.Configuration;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Hosting;

/// <summary>One settings path for every entry point: the settings file, then the command line.</summary>
public sealed class Sam3SettingsTests
{
    private static readonly Config File = ConfigurationFactory.ParseString(
        """
        sam3r.pipeline.batch = 8
        sam3r.pipeline.max-in-flight-tiles = 32
        sam3r.jobs.snapshot-every = 7
        sam3r.jobs.tile-timeout = 90s
        """);

    [Fact]
    public void The_settings_file_gives_the_pipeline_and_the_job_entities_their_values()
    {
        var settings = Sam3Settings.From(File, SettingsOverrides.None);

        Assert.Equal(8, settings.Pipeline.Batch);
        Assert.Equal(new JobEntitySettings(32, 7) { TileTimeout = TimeSpan.FromSeconds(90) }, settings.Jobs);
        Assert.Same(File, settings.Hocon);
    }

    [Fact]
    public void Command_line_values_win_over_the_file_and_reach_the_credit_window()
    {
        var settings = Sam3Settings.From(File, new SettingsOverrides(Batch: 2, Device: "CPU", MaxInFlightTiles: 6));

        Assert.Equal((2, "cpu", 6), (settings.Pipeline.Batch, settings.Pipeline.Device, settings.Pipeline.MaxInFlightTiles));
        Assert.Equal(6, settings.Jobs.MaxInFlightTiles);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Jobs.TileTimeout);
    }

    [Fact]
    public void A_node_gets_the_job_settings_and_the_settings_file()
    {
        var settings = Sam3Settings.From(File, SettingsOverrides.None);

        var node = settings.ApplyTo(Sam3NodeOptions.Embedded("/tmp/state.db"));

        Assert.Equal(settings.Jobs, node.Jobs);
        Assert.Same(File, node.Hocon);
    }

    [Fact]
    public void The_shipped_settings_file_states_the_defaults_of_the_code()
    {
        var shipped = Sam3Settings.From(Sam3Config.Load(Path.Combine(TestPaths.RepositoryRoot, "config", "sam3r.conf")), SettingsOverrides.None);
        var defaults = Sam3Settings.From(Config.Empty, SettingsOverrides.None);

        Assert.Equal(defaults.Pipeline, shipped.Pipeline);
        Assert.Equal(defaults.Jobs, shipped.Jobs);
    }

    [Theory]
    [InlineData(0, null, "the batch size must be at least 1, got 0")]
    [InlineData(null, 0, "max-in-flight-tiles must be at least 1, got 0")]
    public void A_bad_value_is_one_line_naming_it(int? batch, int? maxInFlight, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => Sam3Settings.From(Config.Empty, new SettingsOverrides(Batch: batch, MaxInFlightTiles: maxInFlight)));
        Assert.Equal(message, ex.Message);
    }
}
