using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Tests.Entities;
using Sam3.Raster.TestSupport;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobQueries;

namespace Sam3.Raster.Actors.Tests.Persistence;

/// <summary>
/// The job journal on a real PostgreSQL server (Akka.Persistence.Sql, tables created on first use,
/// journal parallelism above 1): what SQLite guarantees for one node holds for a cluster of writers.
/// </summary>
public sealed class PostgreSqlJournalTests(PostgreSqlFixture postgres) : IClassFixture<PostgreSqlFixture>
{
    private static readonly TimeSpan Timeout = EntityTestNode.Timeout;

    [Fact]
    public async Task A_job_recovers_from_its_postgresql_journal_and_resumes_only_unfinished_tiles()
    {
        using var temp = new TempDirectory("sam3r-pg-entity");
        var spec = TestJobs.Spec(work: temp.File("work"));
        var options = Node() with { Jobs = new JobEntitySettings(MaxInFlightTiles: 3, SnapshotEvery: 2) };
        Assert.False(options.Store.IsSqlite);
        Assert.True(options.Store.JournalParallelism > 1);

        await JobRecoveryScenario.RunAsync(spec, options);
    }

    [Fact]
    public async Task Two_control_nodes_of_one_cluster_write_their_jobs_to_one_journal_and_a_new_node_recovers_them_all()
    {
        const int jobs = 6;
        using var temp = new TempDirectory("sam3r-pg-cluster");
        var specs = Enumerable.Range(0, jobs).Select(i => TestJobs.Spec(work: temp.File($"work-{i}")) with { Outputs = [$"/out/result-{i}.parquet"] }).ToList();
        var settings = new JobEntitySettings(MaxInFlightTiles: 16, SnapshotEvery: 4);

        // A database of its own: both nodes create the (missing) tables at once.
        var connectionString = await postgres.NewDatabaseAsync();
        Sam3NodeOptions Node() => new() { Store = JobStore.PostgreSql(connectionString) };

        var recorderA = new PipelineRecorder();
        var recorderB = new PipelineRecorder();
        using var a = await EntityTestNode.StartAsync(Node() with { Jobs = settings }, recorderA);
        var addressA = Akka.Cluster.Cluster.Get(a.Services.GetRequiredService<ActorSystem>()).SelfAddress;
        using var b = await EntityTestNode.StartAsync(Node() with { Jobs = settings, SeedNodes = [addressA.ToString()] }, recorderB);
        await WaitUntil(() => Akka.Cluster.Cluster.Get(a.Services.GetRequiredService<ActorSystem>()).State.Members.Count(m => m.Status == MemberStatus.Up) == 2);

        // Jobs started through both nodes: the shards (and so the writers) spread over both.
        var regionA = a.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
        var regionB = b.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
        var started = await Task.WhenAll(specs.Select((spec, i) =>
            (i % 2 == 0 ? regionA : regionB).Ask<JobCommandResult>(new StartJob(JobId.For(spec), spec), Timeout)));
        Assert.All(started, r => Assert.Equal(JobCommandOutcome.Accepted, r.Outcome));

        int nonEmpty = EntityTestNode.TileCount - 1;
        await WaitUntil(() => recorderA.Tiles.Count + recorderB.Tiles.Count == jobs * nonEmpty);
        Assert.NotEmpty(recorderA.Tiles); // both nodes host job entities, so both write events
        Assert.NotEmpty(recorderB.Tiles);

        // Every tile reports back through either node; each job ends up asking for its outputs.
        var results = await Task.WhenAll(recorderA.Tiles.Concat(recorderB.Tiles).Select((work, i) =>
            (i % 2 == 0 ? regionB : regionA).Ask<JobCommandResult>(new RecordTileCompleted(work.JobId, work.Scene, work.Tile.Id, 1), Timeout)));
        Assert.All(results, r => Assert.Equal(JobCommandOutcome.Accepted, r.Outcome));
        await WaitUntil(() => recorderA.Writes.Count + recorderB.Writes.Count == jobs);

        await b.StopAsync(TestContext.Current.CancellationToken);
        await a.StopAsync(TestContext.Current.CancellationToken);

        // A new node on the same database recovers every job, whichever node wrote it.
        var recorderC = new PipelineRecorder();
        using var c = await EntityTestNode.StartAsync(Node() with { Jobs = settings }, recorderC);
        var regionC = c.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();
        foreach (var spec in specs)
        {
            var progress = await regionC.Ask<JobProgress>(new GetJobProgress(JobId.For(spec)), Timeout);
            Assert.Equal(JobStatus.Writing, progress.Status);
            Assert.Equal(EntityTestNode.TileCount, progress.TilesDone);
            Assert.Equal(nonEmpty, progress.RawFeatures);
        }

        Assert.Empty(recorderC.Tiles);
        await c.StopAsync(TestContext.Current.CancellationToken);

        // One journal, each job's events in one unbroken sequence.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand(
            "SELECT persistence_id, count(*), max(sequence_number) FROM journal WHERE persistence_id LIKE 'job|%' GROUP BY persistence_id",
            connection);
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var sequences = new Dictionary<string, (long Count, long Max)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            sequences[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        foreach (var spec in specs)
        {
            var (count, max) = sequences[JobEntity.PersistenceIdOf(JobId.For(spec).Value)];
            Assert.Equal(max, count);
        }
    }

    private Sam3NodeOptions Node() => new() { Store = JobStore.PostgreSql(postgres.ConnectionString) };

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
