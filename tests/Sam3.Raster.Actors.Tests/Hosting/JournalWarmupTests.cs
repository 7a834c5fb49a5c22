using Akka.Actor;
using Akka.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Tests.Entities;
using Sam3.Raster.TestSupport;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobQueries;

namespace Sam3.Raster.Actors.Tests.Hosting;

/// <summary>
/// The embedded node's journal warm-up asks the SQLite journal and snapshot store what a recovery
/// asks, then stops: it writes nothing, and the job it runs beside recovers as before.
/// </summary>
public sealed class JournalWarmupTests
{
    [Fact]
    public async Task The_warmup_reads_the_journal_once_writes_nothing_and_leaves_the_job_to_recover()
    {
        using var temp = new TempDirectory("sam3r-warmup");
        var spec = TestJobs.Spec(work: temp.File("work"));
        var id = JobId.For(spec);
        var options = Sam3NodeOptions.Embedded(temp.File("state.db")) with { Jobs = new JobEntitySettings(MaxInFlightTiles: 3, SnapshotEvery: 2) };

        // A job with progress in the journal (and a snapshot): two tiles done, then the node goes.
        var first = new PipelineRecorder();
        using (var host = await EntityTestNode.StartAsync(options, first))
        {
            var region = host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
            await region.Ask<JobCommandResult>(new StartJob(id, spec), EntityTestNode.Timeout);
            await first.WaitForTiles(2); // planned (tile 4 recorded empty) and dispatching
            await region.Ask<JobCommandResult>(new RecordTileCompleted(id, 0, 0, 1), EntityTestNode.Timeout);
            await region.Ask<JobCommandResult>(new RecordTileCompleted(id, 0, 1, 2), EntityTestNode.Timeout);
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        long eventsBefore = CountRows(temp.File("state.db"), "journal");

        // A new node on the file: the warm-up runs first, answers come back, it stops.
        using (var host = await EntityTestNode.StartAsync(options, new PipelineRecorder()))
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var warmup = system.ActorOf(JournalWarmup.Props(JournalWarmup.PersistenceIdFor(id)));
            Assert.True(await warmup.WatchAsync(TestContext.Current.CancellationToken).WaitAsync(EntityTestNode.Timeout, TestContext.Current.CancellationToken));

            var region = host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
            var recovered = await region.Ask<JobProgress>(new GetJobProgress(id), EntityTestNode.Timeout);
            Assert.Equal(JobStatus.Running, recovered.Status);
            Assert.Equal(3, recovered.TilesDone); // two done + the empty tile
            Assert.Equal(1 + 2, recovered.RawFeatures);
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(eventsBefore, CountRows(temp.File("state.db"), "journal"));
        Assert.Equal(0, CountRows(temp.File("state.db"), "journal", JournalWarmup.PersistenceIdFor(id)));
        Assert.Equal(0, CountRows(temp.File("state.db"), "snapshot", JournalWarmup.PersistenceIdFor(id)));
    }

    private static long CountRows(string database, string table, string? persistenceId = null)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = persistenceId is null ? $"SELECT COUNT(*) FROM [{table}]" : $"SELECT COUNT(*) FROM [{table}] WHERE persistence_id = $id";
        count.Parameters.AddWithValue("$id", persistenceId ?? string.Empty);
        return (long)count.ExecuteScalar()!;
    }
}
