using Akka.Actor;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Tests.EndToEnd;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Cluster;

/// <summary>
/// Three nodes in one process (separate actor systems on 127.0.0.1, wired like <c>sam3r node</c>):
/// a control+geo node and two gpu nodes. Tiles reach the gpu nodes through Akka.Delivery.
/// </summary>
public sealed class InProcessClusterTests(HeavySceneFixture heavy, ITestOutputHelper output) : IClassFixture<HeavySceneFixture>
{
    [Fact]
    public async Task A_job_spreads_over_both_gpu_nodes_and_writes_what_one_node_writes()
    {
        using var temp = new TempDirectory("sam3r-cluster");
        await using var cluster = await TestCluster.StartAsync(temp.File("state.db"), ClusterRuns.Settings);
        var spec = PipelineRun.Spec(heavy.ScenePath, heavy.ModelPath, temp.File("out"), HeavySceneFixture.Prompts);
        var id = JobId.For(spec);

        Assert.Equal(JobCommandOutcome.Accepted, (await cluster.StartJob(spec)).Outcome);
        var final = await cluster.WaitFor(id);

        Assert.True(final.Status == JobStatus.Completed, final.FailureReason);
        var perNode = cluster.Workers.Select(w => w.Resources.Processed.Count).ToList();
        output.WriteLine($"tiles per gpu node: {string.Join(", ", perNode)}");
        Assert.All(perNode, n => Assert.True(n > 0, $"a gpu node processed no tile: {string.Join(", ", perNode)}"));
        Assert.Equal(0, cluster.Control.Resources.Processed.Count);
        Assert.Equal(heavy.ReferenceGeoJson, await File.ReadAllTextAsync(spec.Outputs[1]));
        Assert.All(ClusterRuns.RecordedCompletions(temp.File("state.db"), id).Values, n => Assert.Equal(1, n));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)] // 0: after half the job's tiles
    public async Task A_gpu_node_lost_mid_job_leaves_the_job_to_the_other_and_changes_nothing_in_the_output(int afterVictimTiles)
    {
        using var temp = new TempDirectory("sam3r-cluster-crash");
        await using var cluster = await TestCluster.StartAsync(temp.File("state.db"), ClusterRuns.Settings);
        var spec = PipelineRun.Spec(heavy.ScenePath, heavy.ModelPath, temp.File("out"), HeavySceneFixture.Prompts);
        var id = JobId.For(spec);
        var victim = cluster.Workers[1];
        int half = (heavy.Tiles - heavy.EmptyTiles) / 2;

        Assert.Equal(JobCommandOutcome.Accepted, (await cluster.StartJob(spec)).Outcome);
        var atKill = await cluster.WaitFor(id, p => afterVictimTiles > 0
            ? victim.Resources.Processed.Count >= afterVictimTiles
            : p.TilesDone - p.TilesEmpty >= half && victim.Resources.Processed.Count > 0);
        Assert.False(atKill.IsFinished, "the job ended before the node could be killed");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await victim.CrashAsync(downedBy: cluster.Control);
        output.WriteLine($"killed {victim.Address} after {victim.Resources.Processed.Count} of its tiles, {atKill.TilesDone - atKill.TilesEmpty} done in all");

        var final = await cluster.WaitFor(id);
        output.WriteLine($"job ended {clock.Elapsed.TotalSeconds:0.0} s after the kill; survivor did {cluster.Workers[0].Resources.Processed.Count} tiles");
        Assert.True(final.Status == JobStatus.Completed, final.FailureReason);
        Assert.Equal(heavy.ReferenceGeoJson, await File.ReadAllTextAsync(spec.Outputs[1]));
        var recorded = ClusterRuns.RecordedCompletions(temp.File("state.db"), id);
        Assert.Equal(heavy.Tiles - heavy.EmptyTiles, recorded.Count);
        Assert.All(recorded.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_restarted_control_node_resumes_the_job_from_its_journal_without_rerunning_recorded_tiles()
    {
        using var temp = new TempDirectory("sam3r-cluster-restart");
        string statePath = temp.File("state.db");
        await using var cluster = await TestCluster.StartAsync(statePath, ClusterRuns.Settings);
        var spec = PipelineRun.Spec(heavy.ScenePath, heavy.ModelPath, temp.File("out"), HeavySceneFixture.Prompts);
        var id = JobId.For(spec);
        Assert.Equal(JobCommandOutcome.Accepted, (await cluster.StartJob(spec)).Outcome);
        var before = await cluster.WaitFor(id, p => p.TilesDone - p.TilesEmpty >= 6);
        Assert.False(before.IsFinished, "the job ended before the control node could be restarted");

        // The control node goes away (the gpu nodes stay) and a new one joins through a gpu node,
        // on the same journal. Nobody starts the job again: it resumes when woken (here by a query).
        await cluster.Control.DisposeAsync();
        await using var control = await InProcessNode.StartAsync(
            [Actors.Cluster.ClusterConstants.ControlRole, Actors.Cluster.ClusterConstants.GeoRole],
            cluster.Control.Options.Port, cluster.Workers[0].Options.Port, statePath, ClusterRuns.Settings);
        var recovered = await control.Jobs.Ask<JobProgress>(new JobQueries.GetJobProgress(id), TimeSpan.FromSeconds(60));
        Assert.True(recovered.TilesDone >= before.TilesDone, $"recovered {recovered.TilesDone} tiles done, {before.TilesDone} before the restart");
        JobProgress final;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        do
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            final = await control.Jobs.Ask<JobProgress>(new JobQueries.GetJobProgress(id), TimeSpan.FromSeconds(30));
            Assert.True(DateTime.UtcNow < deadline, $"timed out: {final}");
        }
        while (!final.IsFinished);

        Assert.True(final.Status == JobStatus.Completed, final.FailureReason);
        Assert.Equal(heavy.ReferenceGeoJson, await File.ReadAllTextAsync(spec.Outputs[1]));
        var recorded = ClusterRuns.RecordedCompletions(statePath, id);
        Assert.Equal(heavy.Tiles - heavy.EmptyTiles, recorded.Count);
        Assert.All(recorded.Values, n => Assert.Equal(1, n));

        // Tiles recorded before the restart were not run again: the model ran each tile about once
        // (at most the tiles in flight at the restart twice).
        long computed = cluster.Workers.Sum(w => w.Resources.Processed.Count);
        output.WriteLine($"{before.TilesDone - before.TilesEmpty} tiles done before the restart, {recovered.TilesDone - recovered.TilesEmpty} recovered; model runs in all: {computed} for {heavy.Tiles - heavy.EmptyTiles} tiles");
        Assert.InRange(computed, heavy.Tiles - heavy.EmptyTiles, heavy.Tiles - heavy.EmptyTiles + ClusterRuns.Settings.MaxInFlightTiles);
    }
}
