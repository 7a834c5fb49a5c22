using System.Collections.Immutable;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Cli.Cluster;

/// <summary>
/// A client of a running cluster: a remote-only actor system (not a member) with an ephemeral port
/// on the address that reaches the first seed (<see cref="ClientAddress"/>), talking to the gateway
/// on control nodes through ClusterClient and the nodes' ClusterClientReceptionist. The settings
/// file's remoting keys (TLS) apply under the client's own, as they do on the nodes. Its log lines
/// go to stderr (stdout carries only results, such as <c>submit</c>'s job id) without the
/// expected-disconnect noise (<see cref="ExpectedDisconnects"/>): the commands report an absent
/// cluster themselves.
/// </summary>
internal sealed class GatewayClient : IAsyncDisposable
{
    private static readonly string GatewayPath = "/user/" + ClusterConstants.GatewayName;
    private readonly ILoggerFactory logs;
    private readonly ActorSystem system;
    private readonly IActorRef client;

    public GatewayClient(IReadOnlyList<string> seeds)
        : this(seeds, Sam3Config.Load())
    {
    }

    public GatewayClient(IReadOnlyList<string> seeds, Config settings)
    {
        var endpoints = SeedAddresses.Endpoints(seeds);
        string address = ClientAddress.Toward(endpoints[0].Host, endpoints[0].Port);
        var config = ConfigurationFactory.ParseString(
            $$"""
            akka.loglevel = ERROR
            akka.stdout-loglevel = OFF
            akka.loggers = ["{{typeof(LoggerFactoryLogger).FullName}}, {{typeof(LoggerFactoryLogger).Assembly.GetName().Name}}"]
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            akka.coordinated-shutdown.exit-clr = off
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = "{{address}}"
            akka.remote.dot-netty.tcp.public-hostname = "{{address}}"
            akka.remote.dot-netty.tcp.port = 0
            akka.actor.serializers.{{Sam3JsonSerializer.Name}} = "{{typeof(Sam3JsonSerializer).AssemblyQualifiedName}}"
            akka.actor.serialization-bindings."{{typeof(ISam3Message).FullName}}, {{typeof(ISam3Message).Assembly.GetName().Name}}" = {{Sam3JsonSerializer.Name}}
            """).WithFallback(settings).WithFallback(ClusterClientReceptionist.DefaultConfig()).WithFallback(Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.DefaultConfig());
        logs = LoggerFactory.Create(l => l.AddSam3Console(settings));
        var setup = BootstrapSetup.Create().WithConfig(config).And(new LoggerFactorySetup(ExpectedDisconnects.Without(logs)));
        system = ActorSystem.Create("sam3r-client", setup);
        var contacts = SeedAddresses.Parse(seeds, RemotingTls.IsOn(settings)).Select(a => ActorPath.Parse(a + "/system/receptionist")).ToImmutableHashSet();
        client = system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts)), "client");
    }

    public Task<T> Ask<T>(object message, TimeSpan timeout) => client.Ask<T>(new ClusterClient.Send(GatewayPath, message), timeout);

    public async ValueTask DisposeAsync()
    {
        await system.Terminate();
        logs.Dispose();
    }
}
