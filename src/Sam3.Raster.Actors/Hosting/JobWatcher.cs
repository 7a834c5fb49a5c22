using Akka.Actor;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Starts (or resumes) a job and follows it: every <see cref="JobProgress"/> goes to
/// <c>onProgress</c>; the task ends with the final progress, or fails when the job is refused.
/// </summary>
internal sealed class JobWatcher : ReceiveActor
{
    public JobWatcher(IActorRef jobRegion, JobCommands.StartJob start, Action<JobProgress> onProgress, TaskCompletionSource<JobProgress> finished)
    {
        Receive<JobCommandResult>(reply =>
        {
            if (reply.Outcome == JobCommandOutcome.Rejected)
            {
                finished.TrySetException(new JobRefusedException(reply.Reason ?? $"{start.JobId} was refused"));
                Context.Stop(Self);
            }
        });
        Receive<JobProgress>(progress =>
        {
            onProgress(progress);
            if (progress.IsFinished)
            {
                finished.TrySetResult(progress);
                Context.Stop(Self);
            }
        });
        jobRegion.Tell(start, Self);
    }
}
