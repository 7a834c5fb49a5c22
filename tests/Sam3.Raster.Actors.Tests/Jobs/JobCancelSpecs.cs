using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobEvents;

namespace Sam3.Raster.Actors.Tests.Jobs;

public sealed class JobCancelSpecs
{
    private static readonly JobSpec Spec = TestJobs.Spec(scenes: 1);
    private static readonly JobId Id = JobId.For(Spec);

    private static JobState Run(JobState state, params IJobCommand[] commands)
    {
        foreach (var c in commands)
        {
            state = state.ApplyAll(state.ProcessCommand(c).Events);
        }

        return state;
    }

    private static JobState Running() => Run(
        JobState.Empty(Id),
        new StartJob(Id, Spec),
        new RecordScenePlan(Id, 0, 4, [3]),
        new RecordTileCompleted(Id, 0, 0, 2, "akka.tcp://sam3r@w1:4053"));

    [Fact]
    public void A_running_job_is_cancelled_and_records_no_more_tile_results()
    {
        var (reply, events) = Running().ProcessCommand(new CancelJob(Id));
        Assert.Equal(JobCommandOutcome.Accepted, reply.Outcome);
        Assert.Equal([new JobCancelled(Id)], events);
        var cancelled = Running().ApplyAll(events);
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.IsFinished);
        Assert.Equal(1, cancelled.Cancellations);

        var late = cancelled.ProcessCommand(new RecordTileCompleted(Id, 0, 1, 4, "akka.tcp://sam3r@w1:4053"));
        Assert.Equal(JobCommandOutcome.Rejected, late.Reply.Outcome);
        Assert.Empty(late.Events);
        Assert.Equal(JobCommandOutcome.Rejected, cancelled.ProcessCommand(new RecordOutputsWritten(Id, new JobResult([], Spec.Outputs))).Reply.Outcome);
        Assert.Equal(JobCommandOutcome.AlreadyApplied, cancelled.ProcessCommand(new CancelJob(Id)).Reply.Outcome);
    }

    [Fact]
    public void Submitting_a_cancelled_job_again_resumes_it_from_the_tiles_done()
    {
        var cancelled = Run(Running(), new CancelJob(Id));
        var (reply, events) = cancelled.ProcessCommand(new StartJob(Id, Spec));
        Assert.Equal(JobCommandOutcome.Accepted, reply.Outcome);
        Assert.Equal([new JobResumed(Id)], events);
        var resumed = cancelled.ApplyAll(events);
        Assert.Equal(JobStatus.Running, resumed.Status);
        Assert.Equal([new TileKey(0, 1), new TileKey(0, 2)], resumed.PendingTiles);
        Assert.Equal(1, resumed.Cancellations);
        Assert.Equal(JobCommandOutcome.Accepted, resumed.ProcessCommand(new RecordTileCompleted(Id, 0, 1, 4)).Reply.Outcome);
    }

    [Fact]
    public void Finished_and_unknown_jobs_cannot_be_cancelled()
    {
        Assert.Equal(JobCommandOutcome.Rejected, JobState.Empty(Id).ProcessCommand(new CancelJob(Id)).Reply.Outcome);
        var failed = Run(Running(), new FailJob(Id, "boom"));
        Assert.Contains("failed", failed.ProcessCommand(new CancelJob(Id)).Reply.Reason, StringComparison.Ordinal);
        var writing = Run(Running(), new RecordTileCompleted(Id, 0, 1, 0), new RecordTileCompleted(Id, 0, 2, 0));
        Assert.Equal(JobStatus.Writing, writing.Status);
        Assert.Contains("already writing its outputs", writing.ProcessCommand(new CancelJob(Id)).Reply.Reason, StringComparison.Ordinal);
        var complete = Run(writing, new RecordOutputsWritten(Id, new JobResult([], Spec.Outputs)));
        Assert.Equal(JobStatus.Completed, complete.Status);
        Assert.Contains("complete", complete.ProcessCommand(new CancelJob(Id)).Reply.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiles_are_counted_per_node_and_survive_a_snapshot_with_the_cancellation()
    {
        var state = Run(Running(), new RecordTileCompleted(Id, 0, 1, 1, "akka.tcp://sam3r@w2:4053"), new CancelJob(Id));
        Assert.Equal(new Dictionary<string, int> { ["akka.tcp://sam3r@w1:4053"] = 1, ["akka.tcp://sam3r@w2:4053"] = 1 }, state.TilesByNode);
        var back = JobSnapshot.From(state).ToState();
        Assert.Equal(state.TilesByNode, back.TilesByNode);
        Assert.Equal(JobStatus.Cancelled, back.Status);
        Assert.Equal(1, back.Cancellations);
    }
}
