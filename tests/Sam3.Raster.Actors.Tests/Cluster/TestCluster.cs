using Akka.Actor;
using Akka.Cluster;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.TestSupport;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobQueries;

namespace Sam3.Raster.Actors.Tests.Cluster;

/// <summary>A control (+geo) node and gpu nodes on 127.0.0.1, each its own actor system, joined through the control node.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private static readonly TimeSpan Ask = TimeSpan.FromSeconds(30);

    private TestCluster(InProcessNode control, IReadOnlyList<InProcessNode> workers)
    {
        Control = control;
        Workers = workers;
    }

    public InProcessNode Control { get; }

    public IReadOnlyList<InProcessNode> Workers { get; }

    public static async Task<TestCluster> StartAsync(string statePath, PipelineSettings settings, int gpuNodes = 2, JobEntitySettings? jobs = null, int? controlPort = null)
    {
        int seed = controlPort ?? TestPorts.Free();
        var control = await InProcessNode.StartAsync([ClusterConstants.ControlRole, ClusterConstants.GeoRole], seed, seed, statePath, settings, jobs);
        var workers = new List<InProcessNode>();
        for (int i = 0; i < gpuNodes; i++)
        {
            workers.Add(await InProcessNode.StartAsync([ClusterConstants.GpuRole], TestPorts.Free(), seed, statePath, settings, jobs));
        }

        var cluster = new TestCluster(control, workers);
        await cluster.WaitForMembers(1 + gpuNodes);
        return cluster;
    }

    public async Task WaitForMembers(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var cluster = Akka.Cluster.Cluster.Get(Control.System);
        while (cluster.State.Members.Count(m => m.Status == MemberStatus.Up) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the cluster did not reach {count} members: {string.Join(", ", cluster.State.Members)}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async Task<JobCommandResult> StartJob(JobSpec spec) =>
        await Control.Jobs.Ask<JobCommandResult>(new StartJob(JobId.For(spec), spec), Ask);

    public async Task<JobProgress> Progress(JobId id) => await Control.Jobs.Ask<JobProgress>(new GetJobProgress(id), Ask);

    /// <summary>Polls until the job ends (or <paramref name="until"/> holds); returns the last progress.</summary>
    public async Task<JobProgress> WaitFor(JobId id, Func<JobProgress, bool>? until = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        until ??= p => p.IsFinished;
        while (true)
        {
            var progress = await Progress(id);
            if (until(progress) || progress.IsFinished)
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out: {progress}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var w in Workers)
        {
            await w.DisposeAsync();
        }

        await Control.DisposeAsync();
    }
}
