using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Tiling.Geo;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobQueries;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Tests.Entities;

/// <summary>
/// A node with the job entities and stub pipeline actors that record what the entities dispatch:
/// the planner plans every scene as one row of ten tiles (tile 4 all nodata).
/// </summary>
internal static class EntityTestNode
{
    public const int TileCount = 10;
    public const int EmptyTile = 4;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<IHost> StartAsync(Sam3NodeOptions options, PipelineRecorder recorder)
    {
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddSam3Node(options, (builder, _) =>
                builder.WithActors((system, registry) =>
                {
                    registry.Register<ActorKeys.TilePlanner>(system.ActorOf(Props.Create(() => new PlannerStub()), "planner"));
                    registry.Register<ActorKeys.TileProcessor>(system.ActorOf(Props.Create(() => new RecordingActor(recorder)), "tiles"));
                    registry.Register<ActorKeys.OutputWriter>(system.ActorOf(Props.Create(() => new RecordingActor(recorder)), "writer"));
                })))
            .Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    /// <summary>Plans every scene as one row of ten tiles, tile 4 all nodata.</summary>
    internal sealed class PlannerStub : ReceiveActor
    {
        public PlannerStub() => Receive<PlanScene>(plan => Sender.Tell(new SceneTiles(
            plan.JobId,
            plan.Scene,
            TileCount * 100,
            100,
            TileCount,
            1,
            [.. Enumerable.Range(0, TileCount).Select(i => new TileRef(i, i, 0, new PixelWindow(i * 100, 0, 100, 100), new PixelWindow(i * 100, 0, 100, 100), i == EmptyTile))])));
    }

    internal sealed class RecordingActor : ReceiveActor
    {
        public RecordingActor(PipelineRecorder recorder)
        {
            Receive<ProcessTile>(recorder.Tiles.Enqueue);
            Receive<WriteOutputs>(w => recorder.Writes.Enqueue(w));
            ReceiveAny(_ => { });
        }
    }
}

/// <summary>
/// The recovery story of one job, whatever the journal: tiles done, the system gone, recovered,
/// resumed with only the unfinished tiles, stopped while writing, completed, started again.
/// </summary>
internal static class JobRecoveryScenario
{
    private const int TileCount = EntityTestNode.TileCount;
    private static readonly TimeSpan Timeout = EntityTestNode.Timeout;

    public static async Task RunAsync(JobSpec spec, Sam3NodeOptions options)
    {
        var id = JobId.For(spec);

        // First run: three tiles done (one reported twice), then the whole system goes away.
        var first = new PipelineRecorder();
        using (var host = await EntityTestNode.StartAsync(options, first))
        {
            var region = host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
            var started = await region.Ask<JobCommandResult>(new StartJob(id, spec), Timeout);
            Assert.Equal(JobCommandOutcome.Accepted, started.Outcome);

            await first.WaitForTiles(3);
            Assert.Equal([0, 1, 2], first.TileIds());
            await Task.Delay(200, TestContext.Current.CancellationToken);
            Assert.Equal(3, first.Tiles.Count); // the credit window holds the rest back

            foreach (int t in new[] { 0, 1, 1, 2 })
            {
                await region.Ask<JobCommandResult>(new RecordTileCompleted(id, 0, t, t + 1), Timeout);
            }

            await first.WaitForTiles(6);
            var progress = await region.Ask<JobProgress>(new GetJobProgress(id), Timeout);
            Assert.Equal(4, progress.TilesDone); // 3 done + the empty one
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        // Second run on the same file: state recovered before anything is started.
        var second = new PipelineRecorder();
        using (var host = await EntityTestNode.StartAsync(options, second))
        {
            var region = host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
            var recovered = await region.Ask<JobProgress>(new GetJobProgress(id), Timeout);
            Assert.Equal(JobStatus.Running, recovered.Status);
            Assert.Equal(TileCount, recovered.TilesTotal);
            Assert.Equal(4, recovered.TilesDone);
            Assert.Equal(1, recovered.TilesEmpty);
            Assert.Equal(1 + 2 + 3, recovered.RawFeatures);
            Assert.Empty(second.Tiles);

            var resumed = await region.Ask<JobCommandResult>(new StartJob(id, spec), Timeout);
            Assert.Equal(JobCommandOutcome.AlreadyApplied, resumed.Outcome);

            // Finish the job as the pipeline would: each dispatched tile reports back.
            var finished = new List<int>();
            while (finished.Count < TileCount - 4)
            {
                await second.WaitForTiles(finished.Count + 1);
                foreach (var work in second.Tiles.Skip(finished.Count).ToList())
                {
                    finished.Add(work.Tile.Id);
                    region.Tell(new RecordTileCompleted(id, 0, work.Tile.Id, 1));
                }
            }

            Assert.Equal([3, 5, 6, 7, 8, 9], finished.Order());
            var write = await second.WaitForWrite();
            Assert.Equal(id, write.JobId);

            // The node goes away while the outputs are being written.
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        // Resumed with every tile done: no tile runs again, the writer is asked again (with the plans).
        var writing = new PipelineRecorder();
        using (var host = await EntityTestNode.StartAsync(options, writing))
        {
            var region = host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
            Assert.Equal(JobStatus.Writing, (await region.Ask<JobProgress>(new GetJobProgress(id), Timeout)).Status);
            await region.Ask<JobCommandResult>(new StartJob(id, spec), Timeout);
            var write = await writing.WaitForWrite();
            Assert.Equal(TileCount, Assert.Single(write.Scenes).Tiles.Count);
            Assert.Empty(writing.Tiles);

            var result = new JobResult([new PromptFeatures("red", 7), new PromptFeatures("blue", 0)], spec.Outputs);
            var written = await region.Ask<JobCommandResult>(new RecordOutputsWritten(id, result), Timeout);
            Assert.Equal(JobCommandOutcome.Accepted, written.Outcome);
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        // Last run: the job is complete; starting it again changes nothing and runs nothing.
        var third = new PipelineRecorder();
        using (var host = await EntityTestNode.StartAsync(options, third))
        {
            var region = host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
            var again = await region.Ask<JobCommandResult>(new StartJob(id, spec), Timeout);
            Assert.Equal(JobCommandOutcome.AlreadyApplied, again.Outcome);
            var done = await region.Ask<JobProgress>(new GetJobProgress(id), Timeout);
            Assert.Equal(JobStatus.Completed, done.Status);
            Assert.Equal(7, done.Result!.TotalFeatures);
            Assert.Empty(third.Tiles);
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }
}

internal sealed class PipelineRecorder
{
    public ConcurrentQueue<ProcessTile> Tiles { get; } = new();

    public ConcurrentQueue<WriteOutputs> Writes { get; } = new();

    public int[] TileIds() => [.. Tiles.Select(t => t.Tile.Id)];

    public Task WaitForTiles(int count) => WaitUntil(() => Tiles.Count >= count);

    public async Task<WriteOutputs> WaitForWrite()
    {
        await WaitUntil(() => !Writes.IsEmpty);
        return Writes.First();
    }

    public static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + EntityTestNode.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the pipeline");
            await Task.Delay(10);
        }
    }
}
