using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Cli.Cluster;

/// <summary>
/// A client of a running cluster: a remote-only actor system (not a member) on 127.0.0.1 with an
/// ephemeral port, talking to the gateway on control nodes through ClusterClient and the nodes'
/// ClusterClientReceptionist.
/// </summary>
internal sealed class GatewayClient : IAsyncDisposable
{
    private static readonly string GatewayPath = "/user/" + ClusterConstants.GatewayName;
    private readonly ActorSystem system;
    private readonly IActorRef client;

    public GatewayClient(IReadOnlyList<string> seeds)
    {
        var config = ConfigurationFactory.ParseString(
            $$"""
            akka.loglevel = ERROR
            akka.stdout-loglevel = ERROR
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            akka.coordinated-shutdown.exit-clr = off
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.actor.serializers.{{Sam3JsonSerializer.Name}} = "{{typeof(Sam3JsonSerializer).AssemblyQualifiedName}}"
            akka.actor.serialization-bindings."{{typeof(ISam3Message).FullName}}, {{typeof(ISam3Message).Assembly.GetName().Name}}" = {{Sam3JsonSerializer.Name}}
            """).WithFallback(ClusterClientReceptionist.DefaultConfig()).WithFallback(Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.DefaultConfig());
        system = ActorSystem.Create("sam3r-client", config);
        var contacts = SeedAddresses.Parse(seeds).Select(a => ActorPath.Parse(a + "/system/receptionist")).ToImmutableHashSet();
        client = system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts)), "client");
    }

    public Task<T> Ask<T>(object message, TimeSpan timeout) => client.Ask<T>(new ClusterClient.Send(GatewayPath, message), timeout);

    public async ValueTask DisposeAsync() => await system.Terminate();
}
