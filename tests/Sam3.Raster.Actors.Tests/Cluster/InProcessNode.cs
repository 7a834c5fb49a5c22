using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sam3.Inference.Contract;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Hosting;

namespace Sam3.Raster.Actors.Tests.Cluster;

/// <summary>One node of an in-process test cluster: its own host and actor system, wired by <see cref="Sam3HostingExtensions.AddSam3Node"/> like <c>sam3r node</c>.</summary>
internal sealed class InProcessNode : IAsyncDisposable
{
    /// <summary>
    /// Quick failure detection, downing and redelivery, so a lost node costs seconds in a test. The
    /// nodes' readers keep normal priority:
    /// they share two cores with the rest of the suite, whose model threads would otherwise take
    /// the cores first (auto lowers readers to nice 19 for a CPU model), and these tests' time
    /// limits are sized for equal shares. The priority policy has tests of its own.
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

    private readonly IHost host;
    private bool crashed;

    private InProcessNode(IHost host, Sam3NodeOptions options, PipelineResources resources)
    {
        this.host = host;
        Options = options;
        Resources = resources;
    }

    public Sam3NodeOptions Options { get; }

    public PipelineResources Resources { get; }

    public ActorSystem System => host.Services.GetRequiredService<ActorSystem>();

    public Address Address => Akka.Cluster.Cluster.Get(System).SelfAddress;

    public IActorRef Jobs => host.Services.GetRequiredService<ActorRegistry>().Get<ActorKeys.JobRegion>();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<InProcessNode> StartAsync(string[] roles, int port, int seedPort, string statePath, PipelineSettings settings, JobEntitySettings? jobs = null)
    {
        var options = new Sam3NodeOptions
        {
            Port = port,
            Roles = roles,
            SeedNodes = [$"akka.tcp://{Sam3.Raster.Actors.Cluster.ClusterConstants.ActorSystemName}@127.0.0.1:{seedPort}"],
            Store = JobStore.Sqlite(statePath),
            Jobs = jobs ?? new JobEntitySettings(settings.MaxInFlightTiles, settings.SnapshotEvery) { TileTimeout = TimeSpan.FromSeconds(60) },
            Hocon = Akka.Configuration.ConfigurationFactory.ParseString(FastFailover),
        };
        var resources = PipelineResources.For(settings, ModelContract.ImageLength);
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddSam3Node(options, (builder, _) => builder.WithSam3Pipeline(options, settings, resources)))
            .Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new InProcessNode(host, options, resources);
    }

    /// <summary>A crash as the cluster sees it: downed by another node, then the actor system stops without leaving (no coordinated shutdown).</summary>
    public async Task CrashAsync(InProcessNode downedBy)
    {
        Akka.Cluster.Cluster.Get(downedBy.System).Down(Address);
        crashed = true;
        await System.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // a crashed node has nothing left to stop
        }

        host.Dispose();

        // A crashed node's model may still be running a batch on a pool thread, as in a real crash
        // nothing is released: disposing the session under it would crash the test process.
        if (!crashed)
        {
            Resources.Dispose();
        }
    }
}
