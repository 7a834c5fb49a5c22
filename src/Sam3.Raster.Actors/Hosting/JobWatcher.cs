using Akka.Actor;
using Akka.Cluster.Sharding;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Starts (or resumes) a job and follows it: every <see cref="JobProgress"/> goes to
/// <c>onProgress</c>; the task ends with the final progress, or fails when the job is refused.
/// The job starts once every shard region it will use (its own, the tile workers') has registered
/// with its coordinator: a message sent before waits in the region's buffer, and while the node is
/// still starting, the region's registration retries then log warnings about a missing coordinator
/// that would only alarm the user of a one-node run.
/// </summary>
internal sealed class JobWatcher : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RegistrationPoll = TimeSpan.FromMilliseconds(20);
    private readonly HashSet<IActorRef> unregistered;

    public JobWatcher(IActorRef jobRegion, IReadOnlyList<IActorRef> otherRegions, JobCommands.StartJob start, Action<JobProgress> onProgress, TaskCompletionSource<JobProgress> finished)
    {
        unregistered = [jobRegion, .. otherRegions];
        Receive<RegionAnswered>(answer =>
        {
            if (!answer.Registered)
            {
                Timers.StartSingleTimer(answer.Region.Path.ToString(), new PollRegion(answer.Region), RegistrationPoll);
                return;
            }

            if (unregistered.Remove(answer.Region) && unregistered.Count == 0)
            {
                jobRegion.Tell(start, Self);
            }
        });
        Receive<PollRegion>(poll => Poll(poll.Region));
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
        foreach (var region in unregistered)
        {
            Poll(region);
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Asks a region for the cluster's regions: it answers an empty set itself until it has
    /// registered, then its coordinator answers (with this node's region among them). The answer
    /// comes from either, so it is tagged with the region asked.
    /// </summary>
    private void Poll(IActorRef region) =>
        region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(10)).PipeTo(
            Self,
            success: regions => new RegionAnswered(region, regions.Regions.Count > 0),
            failure: _ => new RegionAnswered(region, false));

    private sealed record PollRegion(IActorRef Region);

    private sealed record RegionAnswered(IActorRef Region, bool Registered);
}
