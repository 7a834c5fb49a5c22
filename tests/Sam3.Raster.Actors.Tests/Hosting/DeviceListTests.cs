using Akka.Configuration;
using Sam3.Inference.Contract;
using Sam3.Inference.Session;
using Sam3.Raster.Actors.Hosting;

namespace Sam3.Raster.Actors.Tests.Hosting;

/// <summary>The device setting names one device or several, one GPU actor each.</summary>
public sealed class DeviceListTests
{
    private static readonly ExecutionDevice Cuda0 = new(DeviceKind.Cuda, 0);

    /// <summary>The device as <c>--device</c> gives it, through the one settings path.</summary>
    private static string DeviceOverride(string device) => Sam3Settings.From(Config.Empty, new SettingsOverrides(Device: device)).Pipeline.Device;

    [Theory]
    [InlineData("auto", "auto")]
    [InlineData("cpu", "cpu")]
    [InlineData("CUDA", "cuda:0")]
    [InlineData("cuda:3", "cuda:3")]
    public void A_single_device_is_a_list_of_one(string text, string normalized)
    {
        var list = DeviceList.Parse(text);
        Assert.Equal(ExecutionDevice.Parse(text), Assert.Single(list.Devices));
        Assert.Equal(normalized, list.ToString());
    }

    [Fact]
    public void Several_devices_keep_their_order()
    {
        Assert.Equal([Cuda0, new ExecutionDevice(DeviceKind.Cuda, 1)], DeviceList.Parse("cuda:0,cuda:1").Devices);
        Assert.Equal([new ExecutionDevice(DeviceKind.Cuda, 2), Cuda0], DeviceList.Parse(" cuda:2 , CUDA ").Devices);
        Assert.Equal("cuda:1,cpu", DeviceList.Parse("cuda:1,cpu").ToString());
    }

    [Fact]
    public void Cpu_may_repeat_each_its_own_session()
    {
        Assert.Equal([ExecutionDevice.Cpu, ExecutionDevice.Cpu], DeviceList.Parse("cpu,cpu").Devices);
        Assert.Equal("cpu,cpu", DeviceOverride("CPU, cpu"));
    }

    [Theory]
    [InlineData("cpu,cpu,", "--device has an empty element in 'cpu,cpu,'")]
    [InlineData(",cuda:0", "--device has an empty element in ',cuda:0'")]
    [InlineData("cuda:0,,cuda:1", "--device has an empty element in 'cuda:0,,cuda:1'")]
    [InlineData(" ", "--device is empty")]
    [InlineData("cuda:0,cuda:0", "--device names cuda:0 twice in 'cuda:0,cuda:0'")]
    [InlineData("cuda,cuda:0", "--device names cuda:0 twice in 'cuda,cuda:0'")]
    [InlineData("auto,cpu", "--device cannot combine auto with other devices, got 'auto,cpu'")]
    [InlineData("cuda:1,auto", "--device cannot combine auto with other devices, got 'cuda:1,auto'")]
    [InlineData("auto,auto", "--device cannot combine auto with other devices, got 'auto,auto'")]
    [InlineData("cpu,tpu", "--device names an unknown device 'tpu' in 'cpu,tpu'")]
    [InlineData("tpu", "--device must be auto, cpu, cuda or cuda:N, or a comma-separated list such as cuda:0,cuda:1, got 'tpu'")]
    public void Bad_lists_are_refused_naming_the_value(string text, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => DeviceOverride(text));
        Assert.StartsWith(message, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void The_config_takes_a_quoted_list_and_refuses_a_bad_one()
    {
        Assert.Equal("cpu,cpu", PipelineSettings.FromConfig(ConfigurationFactory.ParseString("sam3r.pipeline.device = \"cpu,cpu\"")).Device);
        var ex = Assert.Throws<ArgumentException>(() => PipelineSettings.FromConfig(ConfigurationFactory.ParseString("sam3r.pipeline.device = \"auto,cpu\"")));
        Assert.Contains("'auto,cpu'", ex.Message);
    }

    [Fact]
    public void Pipeline_resources_hold_one_session_cache_per_device()
    {
        using var one = PipelineResources.For(PipelineSettings.Default with { Device = "cpu" }, ModelContract.ImageLength);
        using var two = PipelineResources.For(PipelineSettings.Default with { Device = "cpu,cpu" }, ModelContract.ImageLength);

        Assert.Same(one.Sessions, Assert.Single(one.Devices));
        Assert.Equal(2, two.Devices.Count);
        Assert.NotSame(two.Devices[0], two.Devices[1]);
        Assert.Same(two.Devices[0], two.Sessions);
        Assert.All(two.Devices, d => Assert.Equal(ExecutionDevice.Cpu, d.Device));
    }
}
