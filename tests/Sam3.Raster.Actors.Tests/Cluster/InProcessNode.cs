using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sam3.Inference.Contract;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Cluster;

/// <summary>One node of an in-process test cluster: its own host and actor system, wired by <see cref="Sam3HostingExtensions.AddSam3Node"/> like <c>sam3r node</c>.</summary>
internal sealed class InProcessNode : IAsyncDisposable
{
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

    public static async Task<InProcessNode> StartAsync(string[] roles, int port, int seedPort, string statePath, PipelineSettings settings, JobEntitySettings? jobs = null)
    {
        var options = new Sam3NodeOptions
        {
            Port = port,
            Roles = roles,
            SeedNodes = [$"akka.tcp://{Sam3.Raster.Actors.Cluster.ClusterConstants.ActorSystemName}@127.0.0.1:{seedPort}"],
            Store = JobStore.Sqlite(statePath),
            Jobs = jobs ?? new JobEntitySettings(settings.MaxInFlightTiles, settings.SnapshotEvery) { TileTimeout = TimeSpan.FromSeconds(60) },
            Hocon = Akka.Configuration.ConfigurationFactory.ParseString(ClusterTestConfig.FastFailover),
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
