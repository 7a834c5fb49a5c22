using Akka.Configuration;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Pipeline;

/// <summary>The CPU side yields the cores to a model that runs on them, and only then.</summary>
public sealed class CpuSideThreadsTests
{
    [Fact]
    public void Low_lowers_the_calling_thread_to_nice_19_and_normal_leaves_it()
    {
        Assert.Equal(CpuSideThreads.LowNice, OnFreshThread(new CpuSideThreads(CpuSidePriority.Low, () => null)).After);
        var normal = OnFreshThread(new CpuSideThreads(CpuSidePriority.Normal, () => true));
        Assert.Equal(normal.Before, normal.After);
        Assert.NotEqual(CpuSideThreads.LowNice, normal.After);
    }

    [Fact]
    public void Auto_lowers_threads_only_once_the_model_is_known_to_run_on_the_cpu()
    {
        bool? onCpu = null;
        var auto = new CpuSideThreads(CpuSidePriority.Auto, () => onCpu);
        int before = 0, unknown = 0, known = 0;
        var thread = new Thread(() =>
        {
            before = ThreadNice();
            auto.Apply();
            unknown = ThreadNice();
            onCpu = true;
            auto.Apply();
            known = ThreadNice();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(before, unknown);
        Assert.Equal(CpuSideThreads.LowNice, known);
        var gpu = OnFreshThread(new CpuSideThreads(CpuSidePriority.Auto, () => false));
        Assert.Equal(gpu.Before, gpu.After);
    }

    [Fact]
    public void A_session_cache_says_whether_its_model_runs_on_the_cpu()
    {
        using var temp = new TempDirectory("sam3r-oncpu");
        ContractModelFactory.WriteColorModel(temp.File("color.onnx"), queries: 1);
        using var cpu = new SessionCache(ExecutionDevice.Cpu, maxBatchSize: 1);
        using var auto = new SessionCache(ExecutionDevice.Auto, maxBatchSize: 1);

        Assert.True(cpu.RunsOnCpu);
        Assert.False(new SessionCache(ExecutionDevice.Parse("cuda:0"), maxBatchSize: 1).RunsOnCpu);
        Assert.Null(auto.RunsOnCpu);
        var session = auto.Get(temp.File("color.onnx"));
        Assert.Equal(session.OnCpu, auto.RunsOnCpu);
        Assert.Equal(session.DeviceDescription.StartsWith("CPU", StringComparison.Ordinal), session.OnCpu);
    }

    [Fact]
    public void The_setting_is_read_from_the_config_and_a_bad_value_is_named()
    {
        Assert.Equal(CpuSidePriority.Auto, PipelineSettings.Default.CpuSidePriority);
        Assert.Equal(CpuSidePriority.Low, PipelineSettings.FromConfig(ConfigurationFactory.ParseString("sam3r.pipeline.cpu-side-priority = low")).CpuSidePriority);
        Assert.Equal(CpuSidePriority.Normal, PipelineSettings.FromConfig(ConfigurationFactory.ParseString("sam3r.pipeline.cpu-side-priority = Normal")).CpuSidePriority);
        var ex = Assert.Throws<ArgumentException>(() => PipelineSettings.FromConfig(ConfigurationFactory.ParseString("sam3r.pipeline.cpu-side-priority = lowest")));
        Assert.Contains("cpu-side-priority", ex.Message);
        Assert.Contains("'lowest'", ex.Message);
    }

    private static (int Before, int After) OnFreshThread(CpuSideThreads threads)
    {
        (int, int) result = default;
        var thread = new Thread(() =>
        {
            int before = ThreadNice();
            threads.Apply();
            result = (before, ThreadNice());
        });
        thread.Start();
        thread.Join();
        return result;
    }

    /// <summary>The calling thread's nice value: field 19 of /proc/thread-self/stat (counted after the command name's closing parenthesis).</summary>
    private static int ThreadNice()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
