using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.TestSupport;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobQueries;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Tests.Entities;

/// <summary>
/// The job entity on a real one-node cluster with its journal in a SQLite file: state survives the
/// actor system, and a resumed job dispatches only the tiles not done, within the credit window.
/// </summary>
public sealed class JobEntityRecoveryTests
{
    private const int TileCount = EntityTestNode.TileCount;
    private static readonly TimeSpan Timeout = EntityTestNode.Timeout;

    [Fact]
    public async Task A_job_recovers_from_its_sqlite_journal_and_resumes_only_unfinished_tiles()
    {
        using var temp = new TempDirectory("sam3r-entity");
        var spec = TestJobs.Spec(work: temp.File("work"));
        var options = Sam3NodeOptions.Embedded(temp.File("state.db")) with { Jobs = new JobEntitySettings(MaxInFlightTiles: 3, SnapshotEvery: 2) };

        await JobRecoveryScenario.RunAsync(spec, options);

        // The journal's connections switch the file to a write-ahead log (no journal file created,
        // synced and deleted per commit); the mode is stored in the file.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.File("state.db")};Pooling=False");
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", mode.ExecuteScalar() as string);
    }

    [Fact]
    public async Task A_tile_without_a_result_is_dispatched_again_after_the_timeout()
    {
        using var temp = new TempDirectory("sam3r-timeout");
        var spec = TestJobs.Spec(work: temp.File("work"));
        var id = JobId.For(spec);
        var options = Sam3NodeOptions.Embedded(temp.File("state.db")) with
        {
            Jobs = new JobEntitySettings(MaxInFlightTiles: 1) { TileTimeout = TimeSpan.FromSeconds(1) },
        };

        var recorder = new PipelineRecorder();
        using var host = await EntityTestNode.StartAsync(options, recorder);
        var region = host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
        await region.Ask<JobCommandResult>(new StartJob(id, spec), Timeout);

        // Tile 0 goes out and nothing comes back: it goes out again, as a failed attempt.
        await recorder.WaitForTiles(2);
        Assert.Equal([0, 0], recorder.TileIds()[..2]);
        var progress = await region.Ask<JobProgress>(new GetJobProgress(id), Timeout);
        Assert.True(progress.TileFailures >= 1);

        // Both attempts answer: recorded once, and the window moves on to tile 1.
        region.Tell(new RecordTileCompleted(id, 0, 0, 2));
        region.Tell(new RecordTileCompleted(id, 0, 0, 2));
        await PipelineRecorder.WaitUntil(() => recorder.TileIds().Contains(1));
        progress = await region.Ask<JobProgress>(new GetJobProgress(id), Timeout);
        Assert.Equal(2, progress.RawFeatures);
        Assert.Equal(2, progress.TilesDone); // tile 0 and the empty tile 4
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
