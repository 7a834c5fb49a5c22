using Akka.Actor;
using Akka.Cluster.Sharding;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Starts (or resumes) a job and follows it: every <see cref="JobProgress"/> goes to
/// <c>onProgress</c>; the task ends with the final progress, or fails when the job is refused.
/// The job is started once the region has registered with its coordinator: a message sent before
/// waits in the region's buffer, and while the node is still starting (its journal warming, its
/// scenes being planned) the region's registration retries then log warnings about a missing
/// coordinator that would only alarm the user of a one-node run.
/// </summary>
internal sealed class JobWatcher : ReceiveActor
{
    private static readonly TimeSpan RegistrationPoll = TimeSpan.FromMilliseconds(20);
    private bool started;

    public JobWatcher(IActorRef jobRegion, JobCommands.StartJob start, Action<JobProgress> onProgress, TaskCompletionSource<JobProgress> finished)
    {
        Receive<CurrentRegions>(regions =>
        {
            // Empty until the region is registered (it answers itself); then the coordinator answers.
            if (started)
            {
                return;
            }

            if (regions.Regions.Count == 0)
            {
                Context.System.Scheduler.ScheduleTellOnce(RegistrationPoll, jobRegion, GetCurrentRegions.Instance, Self);
                return;
            }

            started = true;
            jobRegion.Tell(start, Self);
        });
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
        jobRegion.Tell(GetCurrentRegions.Instance, Self);
    }
}
