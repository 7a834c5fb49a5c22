namespace Sam3.Raster.Actors.Cluster;

/// <summary>
/// How a multi-node cluster notices a lost node and settles membership: the defaults for nodes
/// with seed nodes (settings files and <c>--hocon</c> win). A batch cluster loses little by
/// reacting fast: a job's state lives on control nodes and in the journal, a lost gpu node costs
/// only its tiles in flight, which the job sends elsewhere as soon as the node is unreachable;
/// a node downed by mistake exits, is restarted by its supervisor and joins again.
/// <list type="bullet">
/// <item>Failure detector: a heartbeat a second, 3 s of silence tolerated (Akka's values, stated
/// here as the contract): a dead node is unreachable a few seconds after its death. Shorter
/// pauses mark nodes behind a slow or lossy link (whose heartbeats a lost segment delays), or
/// starved of CPU, unreachable.</item>
/// <item>Split-brain resolver: decides after 5 s of stable reachability (Akka: 20 s), and singletons
/// and shards of a downed node start elsewhere 2 s after its removal (Akka: stable-after
/// again), time for the downed side to stop. The strategy (keep-majority counted over control
/// nodes) is set in <c>WithSam3Clustering</c>.</item>
/// <item>Joining: a join that got no welcome is tried again after 2 s (Akka: 10 s). A control node
/// restarted at its old address is turned away until the cluster has removed its old
/// incarnation, a second or two; the next try then gets in.</item>
/// <item>Sharding: a rebalance round moves up to half the shards (Akka: a tenth, or one with the
/// old algorithm), so a gpu node that joins again gets its share of the tile workers in the next
/// round (every 10 s) rather than one worker a round; a job's tiles follow the workers.</item>
/// <item>Remoting: an address whose connection failed is retried after 1 s (Akka: 5 s), so a
/// healed link is used again at once (the lines it logs for a dead peer are filtered out:
/// <see cref="Hosting.ExpectedDisconnects"/>).</item>
/// </list>
/// </summary>
public static class ClusterFaultDefaults
{
    public const string Hocon =
        """
        akka.cluster.failure-detector.heartbeat-interval = 1s
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        akka.cluster.split-brain-resolver.stable-after = 5s
        akka.cluster.down-removal-margin = 2s
        akka.cluster.retry-unsuccessful-join-after = 2s
        akka.cluster.sharding.retry-interval = 1s
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit = 1000
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-relative-limit = 0.5
        akka.remote.retry-gate-closed-for = 1s
        """;
}
