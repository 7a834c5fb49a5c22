using Akka.Actor;
using Akka.Persistence;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Opens the job journal and snapshot store while the embedded node's cluster forms, by asking
/// both what a job entity's recovery asks, for an id nobody persists under. A process's first
/// recovery is 0.5–1 s of single-threaded JIT and query compiling (linq2db, SQLite) between the
/// entity's start and its first tile, while the other core idles; done here, it overlaps the
/// cluster's start and the entity's recovery takes milliseconds (first model run ~0.2–0.45 s sooner).
/// </summary>
internal sealed class JournalWarmup : ReceiveActor
{
    private readonly long started = StageTimings.Start();
    private int unanswered = 2;

    public JournalWarmup(string persistenceId)
    {
        var persistence = Persistence.Instance.Apply(Context.System);
        persistence.SnapshotStoreFor(null).Tell(new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue));
        persistence.JournalFor(null).Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, persistenceId, Self));
        Receive<LoadSnapshotResult>(_ => Answered());
        Receive<LoadSnapshotFailed>(_ => Answered());
        Receive<RecoverySuccess>(_ => Answered());
        Receive<ReplayMessagesFailure>(_ => Answered());
    }

    /// <summary>The id the warm-up reads: the job's own id under a prefix no entity uses, so nothing is replayed twice.</summary>
    public static string PersistenceIdFor(JobId job) => "warmup|" + job.Value;

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new JournalWarmup(persistenceId));

    private void Answered()
    {
        if (--unanswered == 0)
        {
            StageTimings.Add("journal-warmup", started);
            Context.Stop(Self);
        }
    }
}
