using Akka.Actor;
using Akka.Hosting;
using Sam3.Raster.Actors.Gateway;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Api;

/// <summary>
/// The HTTP API's way into the cluster: the node's own <see cref="JobGateway"/>, asked exactly as
/// <c>sam3r submit</c> and <c>sam3r status</c> ask it through ClusterClient, so both front doors
/// give the same answers.
/// </summary>
public sealed class JobsClient(ActorRegistry registry)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public async Task<GatewayProtocol.JobList> List(JobId? only, CancellationToken cancel)
    {
        var gateway = await registry.GetAsync<ActorKeys.Gateway>(cancel);
        return await gateway.Ask<GatewayProtocol.JobList>(new GatewayProtocol.ListJobs(only), AskTimeout, cancel);
    }

    public async Task<T> Ask<T>(object message, CancellationToken cancel)
    {
        var gateway = await registry.GetAsync<ActorKeys.Gateway>(cancel);
        return await gateway.Ask<T>(message, AskTimeout, cancel);
    }
}
