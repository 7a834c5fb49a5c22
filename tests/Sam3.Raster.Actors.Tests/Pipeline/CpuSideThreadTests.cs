using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Pipeline;

/// <summary>
/// The CPU side (readers, geometry actors) yields the cores to a model that runs on them: decided
/// once per node from the model's device, each actor's own thread lowered once, at its start.
/// </summary>
public sealed class CpuSideThreadTests(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(Dispatchers, output)
{
    // Pinned like PipelineDispatchers.CpuSide, under names of this test's own, so that the threads
    // found by name are this test's actors' (thread names are cut to 15 characters).
    private const string Dispatchers = """
        akka.loglevel = WARNING
        cst-lowered { type = PinnedDispatcher }
        cst-normal { type = PinnedDispatcher }
        """;

    [Fact]
    public void Beside_a_model_on_the_cpu_auto_lowers_the_thread_of_each_reader_and_geometry_actor_at_its_start()
    {
        using var resources = PipelineResources.For(PipelineSettings.Default with { Device = "cpu" }, patchLength: 10);
        Assert.True(resources.ModelOnCpu);
        bool lowered = CpuSideThread.IsLowered(CpuSidePriority.Auto, resources.ModelOnCpu);

        StartCpuSide(resources, lowered, "cst-lowered");

        var threads = ThreadsNamed("cst-lowered");
        Assert.Equal(3, threads.Count);
        Assert.All(threads, nice => Assert.Equal(CpuSideThread.LowNice, nice));
        Assert.NotEqual(CpuSideThread.LowNice, ThreadNice("thread-self"));
    }

    [Fact]
    public void Beside_a_model_on_a_gpu_auto_leaves_their_threads_at_the_process_priority()
    {
        using var resources = PipelineResources.For(PipelineSettings.Default with { Device = "cuda:0" }, patchLength: 10);
        Assert.False(resources.ModelOnCpu);
        bool lowered = CpuSideThread.IsLowered(CpuSidePriority.Auto, resources.ModelOnCpu);

        StartCpuSide(resources, lowered, "cst-normal");

        var threads = ThreadsNamed("cst-normal");
        Assert.Equal(3, threads.Count);
        Assert.All(threads, nice => Assert.Equal(ThreadNice("self"), nice));
    }

    [Fact]
    public void Low_and_normal_decide_whatever_the_device()
    {
        Assert.True(CpuSideThread.IsLowered(CpuSidePriority.Low, modelOnCpu: false));
        Assert.True(CpuSideThread.IsLowered(CpuSidePriority.Low, modelOnCpu: true));
        Assert.False(CpuSideThread.IsLowered(CpuSidePriority.Normal, modelOnCpu: true));
        Assert.False(CpuSideThread.IsLowered(CpuSidePriority.Normal, modelOnCpu: false));
    }

    [Fact]
    public void An_auto_device_is_known_to_run_on_the_cpu_once_its_model_is_open()
    {
        using var temp = new TempDirectory("sam3r-oncpu");
        ContractModelFactory.WriteColorModel(temp.File("color.onnx"), queries: 1);
        using var cpu = new SessionCache(ExecutionDevice.Cpu, maxBatchSize: 1);
        using var resources = PipelineResources.For(PipelineSettings.Default with { Device = "auto" }, patchLength: 10);

        Assert.True(cpu.RunsOnCpu);
        Assert.False(new SessionCache(ExecutionDevice.Parse("cuda:0"), maxBatchSize: 1).RunsOnCpu);
        Assert.Null(resources.Sessions.RunsOnCpu);
        Assert.False(resources.ModelOnCpu);
        var description = resources.OpenModel(temp.File("color.onnx"));
        Assert.Equal(description.StartsWith("CPU", StringComparison.Ordinal), resources.ModelOnCpu);
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

    /// <summary>Two readers and a geometry actor, as the pipeline makes them, on <paramref name="dispatcher"/>; returns once all three have started.</summary>
    private void StartCpuSide(PipelineResources resources, bool lowered, string dispatcher)
    {
        var probe = CreateTestProbe();
        IActorRef[] actors =
        [
            Sys.ActorOf(TileReaderActor.Props(probe.Ref, probe.Ref, resources.Patches, lowered).WithDispatcher(dispatcher)),
            Sys.ActorOf(TileReaderActor.Props(probe.Ref, probe.Ref, resources.Patches, lowered).WithDispatcher(dispatcher)),
            Sys.ActorOf(GeometryActor.Props(resources.Processed, lowered).WithDispatcher(dispatcher)),
        ];
        foreach (var actor in actors)
        {
            actor.Tell(new Identify(null), probe.Ref);
            probe.ExpectMsg<ActorIdentity>(i => Assert.Equal(actor, i.Subject));
        }
    }

    /// <summary>The nice values of this process's threads whose name starts with <paramref name="prefix"/>.</summary>
    private static List<int> ThreadsNamed(string prefix) =>
        [.. Directory.GetDirectories("/proc/self/task")
            .Where(task => File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
            .Select(task => ThreadNice(Path.Combine("self/task", Path.GetFileName(task))))];

    /// <summary>A thread's nice value: field 19 of /proc/<paramref name="task"/>/stat (counted after the command name's closing parenthesis).</summary>
    private static int ThreadNice(string task)
    {
        string stat = File.ReadAllText($"/proc/{task}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
