namespace Sam3.Raster.Cli.Tests;

/// <summary>Settings for <c>sam3r node</c> processes in tests (given through SAM3R_CONFIG).</summary>
internal static class ClusterConfig
{
    /// <summary>
    /// A lost node is noticed and its shards moved within seconds, not the production defaults'
    /// tens of seconds; readers at normal priority, as several nodes share the test machine's cores.
    /// </summary>
    public const string FastFailover =
        """
        akka.cluster.split-brain-resolver.stable-after = 2s
        akka.cluster.failure-detector.heartbeat-interval = 500ms
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 2s
        akka.cluster.sharding.retry-interval = 200ms
        akka.cluster.gossip-interval = 200ms
        akka.cluster.leader-actions-interval = 200ms
        akka.reliable-delivery.sharding.producer-controller.resend-first-unconfirmed-idle-timeout = 1s
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        sam3r.pipeline.cpu-side-priority = normal
        """;
}
