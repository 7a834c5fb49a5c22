using Akka.Configuration;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Cli.Progress;
using Sam3.Raster.Cli.Run;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

public sealed class RunPreflightTests
{
    /// <summary>The device as <c>--device</c> gives it, through the one settings path.</summary>
    private static string DeviceOverride(string device) => Sam3Settings.From(Config.Empty, new SettingsOverrides(Device: device)).Pipeline.Device;

    [Fact]
    public void A_missing_input_is_named()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => RunPreflight.ResolveInput("/no/such/scene.tif"));
        Assert.Equal("input not found: /no/such/scene.tif", ex.Message);
        Assert.Equal("/vsicurl/https://example.com/a.tif", RunPreflight.ResolveInput("/vsicurl/https://example.com/a.tif"));
    }

    [Fact]
    public void Without_a_model_the_message_points_at_make_test_and_the_export_script()
    {
        var ex = Assert.Throws<ArgumentException>(() => RunPreflight.ResolveModel("  "));
        if (Environment.GetEnvironmentVariable(RunPreflight.ModelEnvironmentVariable) is null)
        {
            Assert.Contains("sam3r model make-test --kind color --out model.onnx", ex.Message);
            Assert.Contains("scripts/export_sam3_onnx.py", ex.Message);
        }
    }

    [Fact]
    public void Outputs_need_a_known_extension_and_a_writable_folder()
    {
        using var temp = new TempDirectory();
        Assert.Equal([temp.File("a.parquet"), temp.File("sub/a.geojson")], RunPreflight.ResolveOutputs([temp.File("a.parquet"), temp.File("sub/a.geojson")]));
        Assert.Contains(".shp", Assert.Throws<ArgumentException>(() => RunPreflight.ResolveOutputs([temp.File("a.shp")])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => RunPreflight.ResolveOutputs([temp.File("a.parquet"), temp.File("a.parquet")])).Message);
        Assert.Contains("/proc/sam3r/out.parquet", Assert.Throws<IOException>(() => RunPreflight.ResolveOutputs(["/proc/sam3r/out.parquet"])).Message);
    }

    [Theory]
    [InlineData("3,2,1", new[] { 3, 2, 1 })]
    [InlineData("1", new[] { 1 })]
    public void Bands_parse_as_one_based_numbers(string text, int[] expected) => Assert.Equal(expected, RunPreflight.ParseBands(text));

    [Theory]
    [InlineData("0,1,2")]
    [InlineData("a,b,c")]
    [InlineData("1,2")]
    public void Bad_bands_are_refused(string text) => Assert.Throws<ArgumentException>(() => RunPreflight.ParseBands(text));

    [Theory]
    [InlineData("auto", "auto")]
    [InlineData("CUDA:1", "cuda:1")]
    [InlineData("cpu", "cpu")]
    public void Devices_are_checked(string device, string expected) => Assert.Equal(expected, DeviceOverride(device));

    [Fact]
    public void Unknown_devices_and_bad_tiles_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DeviceOverride("tpu"));
        Assert.Throws<ArgumentException>(() => RunPreflight.CheckTiles(1008, 1008));
        Assert.Throws<ArgumentException>(() => RunPreflight.CheckThreshold(1.5f));
        Assert.Throws<ArgumentException>(() => RunPreflight.CheckPrompts(["red", " "]));
    }

    [Fact]
    public void A_prompt_longer_than_the_model_reads_is_named_with_its_length()
    {
        string longPrompt = string.Join(' ', Enumerable.Repeat("building", 31));
        var warning = Assert.Single(RunPreflight.LongPromptWarnings(["red roof", longPrompt, "a car"]));
        Assert.Equal($"prompt \"{longPrompt}\" is 31 tokens long; the model reads the first 30", warning);
        Assert.Empty(RunPreflight.LongPromptWarnings([string.Join(' ', Enumerable.Repeat("building", 30))]));
    }

    [Fact]
    public void Progress_rates_count_only_tiles_run_now()
    {
        var now = TimeSpan.Zero;
        var meter = new ProgressMeter(() => now);
        var id = new JobId("job-x");
        meter.Update(new JobProgress(id, JobStatus.Running, 1, 1, 100, 40, 10, 0, 0, null, null));
        now = TimeSpan.FromSeconds(10);
        meter.Update(new JobProgress(id, JobStatus.Running, 1, 1, 100, 60, 10, 123, 0, null, null));
        Assert.Equal(20, meter.TilesThisRun);
        Assert.Equal(2.0, meter.TilesPerSecond, 3);
        Assert.Equal(TimeSpan.FromSeconds(20), meter.Eta);
        Assert.Equal("tiles 60/100, 2.0 tiles/s, 123 raw features, ETA 20.0s", meter.Describe());
    }

    [Fact]
    public void Progress_clock_stops_at_the_final_sample()
    {
        var now = TimeSpan.Zero;
        var meter = new ProgressMeter(() => now);
        var id = new JobId("job-x");
        meter.Update(new JobProgress(id, JobStatus.Running, 1, 1, 100, 0, 0, 0, 0, null, null));
        now = TimeSpan.FromSeconds(8);
        Assert.Equal(TimeSpan.FromSeconds(8), meter.Elapsed);
        now = TimeSpan.FromSeconds(10);
        meter.Update(new JobProgress(id, JobStatus.Completed, 1, 1, 100, 100, 0, 5, 0, null, null));
        now = TimeSpan.FromSeconds(11);
        meter.Update(new JobProgress(id, JobStatus.Completed, 1, 1, 100, 100, 0, 5, 0, null, null));
        Assert.Equal(TimeSpan.FromSeconds(10), meter.Elapsed);
        Assert.Equal(10.0, meter.TilesPerSecond, 3);
    }
}
