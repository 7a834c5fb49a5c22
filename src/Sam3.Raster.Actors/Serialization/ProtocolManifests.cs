using System.Collections.Frozen;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;

namespace Sam3.Raster.Actors.Serialization;

/// <summary>
/// The wire names of every <see cref="ISam3Message"/>. The type of an incoming message is looked up
/// here by its manifest, never taken from the wire, so only these types can be deserialized.
/// Manifests are part of the journal format: never rename one; add new ones.
/// </summary>
public static class ProtocolManifests
{
    private static readonly (Type Type, string Manifest)[] Table =
    [
        // Job events (journal)
        (typeof(JobEvents.JobSubmitted), "job.submitted"),
        (typeof(JobEvents.ScenePlanned), "job.scene-planned"),
        (typeof(JobEvents.TileCompleted), "job.tile-completed"),
        (typeof(JobEvents.TileFailed), "job.tile-failed"),
        (typeof(JobEvents.JobCompleted), "job.completed"),
        (typeof(JobEvents.JobFailed), "job.failed"),
        (typeof(JobSnapshot), "job.snapshot"),
        (typeof(JobEvents.JobCancelled), "job.cancelled"),
        (typeof(JobEvents.JobResumed), "job.resumed"),

        // Job commands, queries, replies
        (typeof(JobCommands.StartJob), "job.cmd.start"),
        (typeof(JobCommands.RecordScenePlan), "job.cmd.scene-plan"),
        (typeof(JobCommands.RecordTileCompleted), "job.cmd.tile-completed"),
        (typeof(JobCommands.RecordTileFailed), "job.cmd.tile-failed"),
        (typeof(JobCommands.RecordOutputsWritten), "job.cmd.outputs-written"),
        (typeof(JobCommands.FailJob), "job.cmd.fail"),
        (typeof(JobCommands.CancelJob), "job.cmd.cancel"),
        (typeof(JobCommandResult), "job.cmd.result"),
        (typeof(JobQueries.GetJobProgress), "job.q.progress"),
        (typeof(JobQueries.SubscribeToJob), "job.q.subscribe"),
        (typeof(JobProgress), "job.progress"),
        (typeof(JobQueries.GetJobTiles), "job.q.tiles"),
        (typeof(JobTiles), "job.tiles"),

        // Work
        (typeof(TileWorkProtocol.PlanScene), "work.plan-scene"),
        (typeof(TileWorkProtocol.SceneTiles), "work.scene-tiles"),
        (typeof(TileWorkProtocol.ScenePlanFailed), "work.scene-plan-failed"),
        (typeof(TileWorkProtocol.ProcessTile), "work.process-tile"),
        (typeof(TileWorkProtocol.WriteOutputs), "work.write-outputs"),

        // Gateway (clients outside the cluster)
        (typeof(Gateway.GatewayProtocol.SubmitJob), "gateway.submit"),
        (typeof(Gateway.GatewayProtocol.ListJobs), "gateway.list"),
        (typeof(Gateway.GatewayProtocol.JobList), "gateway.job-list"),

        // Nodes
        (typeof(Nodes.NodeProtocol.GetNodeInfo), "node.get-info"),
        (typeof(Nodes.NodeProtocol.NodeInfo), "node.info"),
        (typeof(Nodes.NodeProtocol.DropJob), "node.drop-job"),
    ];

    private static readonly FrozenDictionary<Type, string> ByType = Table.ToFrozenDictionary(e => e.Type, e => e.Manifest);
    private static readonly FrozenDictionary<string, Type> ByManifest = Table.ToFrozenDictionary(e => e.Manifest, e => e.Type, StringComparer.Ordinal);

    public static IReadOnlyCollection<Type> Types => ByType.Keys;

    public static string ManifestOf(Type type) =>
        ByType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new ArgumentException($"{type.FullName} has no manifest in {nameof(ProtocolManifests)}", nameof(type));

    public static Type TypeOf(string manifest) =>
        ByManifest.TryGetValue(manifest, out var type)
            ? type
            : throw new ArgumentException($"unknown message manifest '{manifest}'", nameof(manifest));
}
