using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Nodes;
using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Gateway.GatewayProtocol;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobQueries;

namespace Sam3.Raster.Actors.Gateway;

/// <summary>
/// The cluster's front door on control nodes, registered with the ClusterClientReceptionist: clients
/// that are not cluster members (<c>sam3r submit</c>, <c>sam3r status</c>) reach the job shard
/// region through it. Submissions become job specs here (default model, shared work folder, the
/// node's attempts per tile); the list of jobs comes from the journal (persistence ids of job entities).
/// </summary>
public sealed class JobGateway : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NodeInfoTimeout = TimeSpan.FromSeconds(3);

    public JobGateway(IActorRef jobs, string workRoot, string? defaultModel, int maxTileAttempts = JobSpec.DefaultMaxTileAttempts)
    {
        Receive<SubmitJob>(submit =>
        {
            if (submit.Prompts.Any(string.IsNullOrWhiteSpace))
            {
                Sender.Tell(JobCommandResult.Rejected(new JobId(""), "every prompt needs some text"));
                return;
            }

            // The job's rules, answered here so a client hears the reason at once (JobState.Start holds them too).
            if (submit.Tiles.Problem() is { } tiles)
            {
                Sender.Tell(JobCommandResult.Rejected(new JobId(""), tiles));
                return;
            }

            if (!string.IsNullOrWhiteSpace(submit.ModelPath))
            {
                Start(submit, submit.ModelPath).PipeTo(Sender);
                return;
            }

            // No model named: the one the gpu nodes run (they were started with it), else this node's.
            var system = Context.System;
            var replyTo = Sender;
            NodeDetails(system, ClusterConstants.GpuRole).ContinueWith(t =>
            {
                var nodes = t.IsCompletedSuccessfully ? t.Result : [];
                if (GpuModels.Describe(nodes) is { } mismatch)
                {
                    return Task.FromResult(JobCommandResult.Rejected(new JobId(""), $"no model given and the {mismatch}: pass --model"));
                }

                string? model = GpuModels.Common(nodes) ?? defaultModel;
                return model is null
                    ? Task.FromResult(JobCommandResult.Rejected(new JobId(""), "no model: pass --model to submit, or start the nodes with --model"))
                    : Start(submit, model);
            }).Unwrap().PipeTo(replyTo);
        });
        Receive<CancelJob>(cancel => jobs.Ask<JobCommandResult>(cancel, AskTimeout).PipeTo(Sender));
        Receive<GetJobProgress>(get => jobs.Ask<JobProgress>(get, AskTimeout).PipeTo(Sender));
        Receive<ListJobs>(list => List(list.Only).PipeTo(Sender));
        Receive<WakeJobs>(_ => List(null).PipeTo(ActorRefs.Nobody, failure: ex => ex));
        Jobs = jobs;
        WorkRoot = workRoot;
        MaxTileAttempts = maxTileAttempts;
    }

    private string WorkRoot { get; }

    private int MaxTileAttempts { get; }

    private Task<JobCommandResult> Start(SubmitJob submit, string model)
    {
        string workRoot = WorkRoot;
        var spec = new JobSpec
        {
            Scenes = submit.Scenes,
            Prompts = submit.Prompts,
            Outputs = submit.Outputs,
            ModelPath = model,
            WorkDirectory = workRoot,
            Tiles = submit.Tiles,
            Bands = submit.Bands,
            Threshold = submit.Threshold,
            MaxTileAttempts = MaxTileAttempts,
            Geometry = submit.Geometry ?? GeometrySettings.Default,
        }.InWorkRoot(workRoot);
        return Jobs.Ask<JobCommandResult>(new StartJob(JobId.For(spec), spec), AskTimeout);
    }

    /// <summary>What the cluster's up members (of <paramref name="role"/>, or all) say about themselves; members that do not answer within a few seconds are left out.</summary>
    private static async Task<IReadOnlyList<NodeProtocol.NodeInfo>> NodeDetails(ActorSystem system, string? role)
    {
        var members = Akka.Cluster.Cluster.Get(system).State.Members
            .Where(m => m.Status == Akka.Cluster.MemberStatus.Up && (role is null || m.HasRole(role)));
        var answers = await Task.WhenAll(members.Select(async m =>
        {
            try
            {
                return await NodeActor.Of(system, m.Address).Ask<NodeProtocol.NodeInfo>(NodeProtocol.GetNodeInfo.Instance, NodeInfoTimeout);
            }
            catch (Exception ex) when (ex is AskTimeoutException or ActorNotFoundException or TaskCanceledException)
            {
                return null;
            }
        }));
        return [.. answers.OfType<NodeProtocol.NodeInfo>()];
    }

    private IActorRef Jobs { get; }

    /// <summary>
    /// After a (re)start, every recorded job is asked for its progress once: that wakes the job
    /// entities, and an unfinished job resumes by itself, so a restarted control node carries on
    /// without a client.
    /// </summary>
    protected override void PreStart() => Timers.StartSingleTimer(nameof(WakeJobs), WakeJobs.Instance, TimeSpan.FromSeconds(5));

    public ITimerScheduler Timers { get; set; } = null!;

    private sealed class WakeJobs
    {
        public static readonly WakeJobs Instance = new();
    }

    /// <param name="maxTileAttempts">The spec's attempts per tile for jobs started here (the node's <c>tile-attempts</c>).</param>
    public static Props Props(IActorRef jobs, string workRoot, string? defaultModel, int maxTileAttempts = JobSpec.DefaultMaxTileAttempts) =>
        Akka.Actor.Props.Create(() => new JobGateway(jobs, workRoot, defaultModel, maxTileAttempts));

    private async Task<JobList> List(JobId? only)
    {
        var system = Context.System;
        IReadOnlyList<JobId> ids;
        if (only is { } one)
        {
            ids = [one];
        }
        else
        {
            const string prefix = "job|";
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var all = await journal.CurrentPersistenceIds()
                .Where(p => p.StartsWith(prefix, StringComparison.Ordinal))
                .RunWith(Sink.Seq<string>(), system.Materializer());
            ids = [.. all.Select(p => new JobId(p[prefix.Length..])).Distinct()];
        }

        var progress = await Task.WhenAll(ids.Select(id => Jobs.Ask<JobProgress>(new GetJobProgress(id), AskTimeout)));
        var members = Akka.Cluster.Cluster.Get(system).State.Members
            .Select(m => $"{m.Address} [{string.Join(",", m.Roles.Order())}] {m.Status.ToString().ToLowerInvariant()}")
            .ToList();
        var details = await NodeDetails(system, null);
        return new JobList([.. progress.Where(p => p.Status != JobStatus.New || only is not null)], members, details);
    }
}
