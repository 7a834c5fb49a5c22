using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// The embedded default of <c>sam3r run</c>: a one-node cluster on 127.0.0.1 with every role,
/// started for one job and stopped when the job ends. The same actors and messages as a real cluster.
/// </summary>
public static class EmbeddedJob
{
    /// <summary>
    /// Runs (or resumes) <paramref name="spec"/> to its end and returns the final progress
    /// (<see cref="JobStatus.Completed"/> or <see cref="JobStatus.Failed"/>).
    /// <paramref name="pipeline"/> registers the pipeline actors (<see cref="ActorKeys"/>).
    /// </summary>
    public static async Task<JobProgress> RunAsync(
        JobSpec spec,
        Sam3NodeOptions node,
        Action<AkkaConfigurationBuilder, IServiceProvider> pipeline,
        Action<JobProgress>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        var id = JobId.For(spec);
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.AddSam3Console(node.Hocon)
                // "Application started. Press Ctrl+C…" is for a long-running node, not a one-job run.
                .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning))
            .ConfigureServices(services => services.AddSam3Node(node, pipeline))
            .Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var registry = host.Services.GetRequiredService<ActorRegistry>();
            var region = registry.Get<ActorKeys.JobRegion>();
            IActorRef[] workerRegion = registry.TryGet<ActorKeys.TileWorkers>(out var workers) ? [workers] : [];
            var finished = new TaskCompletionSource<JobProgress>(TaskCreationOptions.RunContinuationsAsynchronously);

            // SIGINT / SIGTERM stop the host (its console lifetime) and with it the actor system, as
            // does a shutdown from within Akka: the job then never reports its end, so the run ends
            // here instead of waiting forever. After the job's end this is a no-op.
            _ = system.WhenTerminated.ContinueWith(
                _ => finished.TrySetException(new JobInterruptedException("the node stopped (a signal?) before the job ended")),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            var start = new JobCommands.StartJob(id, spec);
            var report = onProgress ?? (_ => { });
            system.ActorOf(Props.Create(() => new JobWatcher(region, workerRegion, start, report, finished)), "job-watcher");
            return await finished.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
