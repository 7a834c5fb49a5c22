namespace Sam3.Raster.Actors.Cluster;

/// <summary>Role names, entity type names and shard counts: the names every node must agree on.</summary>
public static class ClusterConstants
{
    /// <summary>Job state: the sharded, event-sourced job entities live on nodes with this role.</summary>
    public const string ControlRole = "control";

    /// <summary>Model inference: reads its own patches (tiling actors) and runs the session.</summary>
    public const string GpuRole = "gpu";

    /// <summary>Vectorizing, georeferencing, seam merging and writing outputs.</summary>
    public const string GeoRole = "geo";

    /// <summary>Every role: the embedded one-node cluster of <c>sam3r run</c>.</summary>
    public static IReadOnlyList<string> AllRoles { get; } = [ControlRole, GpuRole, GeoRole];

    /// <summary>The sharding type name of job entities (entity id = job id).</summary>
    public const string JobEntityTypeName = "job";

    /// <summary>
    /// Shards for job entities. Jobs are few and long-lived; ten times the largest expected number of
    /// control nodes keeps rebalancing fine-grained without a large coordinator state.
    /// </summary>
    public const int JobShardCount = 50;

    /// <summary>The sharding type name of tile workers (gpu role), the consumers of the jobs' delivery channels.</summary>
    public const string TileWorkerTypeName = "tile-worker";

    /// <summary>
    /// Tile workers, one shard each, spread over the gpu nodes. A worker runs one tile at a time, so
    /// this bounds the tiles in flight in the whole cluster; 64 keeps a few nodes' batches full.
    /// </summary>
    public const int TileWorkerCount = 64;

    /// <summary>Where <c>sam3r submit</c> and <c>sam3r status</c> talk to (registered with the cluster client receptionist on control nodes).</summary>
    public const string GatewayName = "sam3r-gateway";

    /// <summary>The actor system name; nodes of one cluster must use the same one.</summary>
    public const string ActorSystemName = "sam3r";
}
