namespace Sam3.Raster.TestSupport;

/// <summary>Cluster settings for test nodes, in process or as <c>sam3r node</c> processes (SAM3R_CONFIG).</summary>
public static class ClusterTestConfig
{
    /// <summary>
    /// Quick failure detection, downing and redelivery, so a lost node costs seconds in a test. The
    /// nodes' readers keep normal priority: they share two cores with the rest of the suite, whose
    /// model threads would otherwise take the cores first (auto lowers readers for a CPU model), and
    /// these tests' time limits are sized for equal shares. The priority policy has tests of its own.
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
