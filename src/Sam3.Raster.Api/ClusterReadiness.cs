using Akka.Actor;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sam3.Raster.Api;

/// <summary><c>/health/ready</c>: the node is an up member of the cluster (before that, jobs cannot be started or asked about).</summary>
public sealed class ClusterReadiness(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        return Task.FromResult(self.Status == Akka.Cluster.MemberStatus.Up
            ? HealthCheckResult.Healthy("cluster member up")
            : HealthCheckResult.Unhealthy($"cluster member {self.Status.ToString().ToLowerInvariant()}"));
    }
}
