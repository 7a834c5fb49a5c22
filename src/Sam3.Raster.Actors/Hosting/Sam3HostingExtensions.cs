using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// The wiring of a Sam3.Raster node as Akka.Hosting extension methods: the CLI and the tests use
/// exactly these, so a test node is configured like a real one.
/// </summary>
public static class Sam3HostingExtensions
{
    /// <summary>
    /// Registers a whole node: remoting, cluster, serialization, persistence and job sharding.
    /// <paramref name="configure"/> adds what differs (the pipeline actors, test probes).
    /// </summary>
    public static IServiceCollection AddSam3Node(
        this IServiceCollection services,
        Sam3NodeOptions options,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null) =>
        services.AddAkka(options.SystemName, (builder, provider) =>
        {
            builder
                .WithSam3Defaults()
                .WithSam3Logging(provider)
                .WithSam3Serialization()
                .WithSam3Remoting(options)
                .WithSam3Clustering(options)
                .WithJobPersistence(options.Store)
                .WithJobSharding(options);
            if (options.Hocon is { } hocon)
            {
                builder.AddHocon(hocon, HoconAddMode.Prepend);
            }

            configure?.Invoke(builder, provider);
        });

    /// <summary>Quiet logging (warnings up) and no CLR exit on shutdown: the host decides when the process ends.</summary>
    public static AkkaConfigurationBuilder WithSam3Defaults(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(
            """
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            akka.coordinated-shutdown.exit-clr = off
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = on
            akka.actor.ask-timeout = 60s
            """,
            HoconAddMode.Prepend);

    /// <summary>System.Text.Json for every protocol message (<see cref="ISam3Message"/>): no Hyperion, no type names from the wire.</summary>
    public static AkkaConfigurationBuilder WithSam3Serialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(Sam3JsonSerializer.Name, [typeof(ISam3Message)], system => new Sam3JsonSerializer(system));

    public static AkkaConfigurationBuilder WithSam3Remoting(this AkkaConfigurationBuilder builder, Sam3NodeOptions options) =>
        builder.WithRemoting(new RemoteOptions
        {
            HostName = options.Hostname,
            Port = options.Port,
            PublicHostName = options.PublicHostname,
        });

    /// <summary>
    /// Cluster membership with the node's roles. The split-brain resolver keeps the side with the
    /// majority of the control nodes (keep-majority counted over the control role): that side holds
    /// the job entities, and a side of gpu nodes alone cannot move a job on. One control node and
    /// any number of gpu nodes: the control node's side always stays, and cut-off gpu nodes down
    /// themselves and exit, for their supervisor to restart them. Keep-majority needs no lease
    /// infrastructure; keep-oldest would let one isolated oldest node take the cluster down with
    /// it. Losing the other side costs only in-flight tiles: job state is in the database and
    /// every tile is re-run idempotently. Failure detection and downing times:
    /// <see cref="ClusterFaultDefaults"/>. Without seed nodes the node joins itself: the embedded
    /// one-node cluster.
    /// </summary>
    public static AkkaConfigurationBuilder WithSam3Clustering(this AkkaConfigurationBuilder builder, Sam3NodeOptions options)
    {
        builder.WithClustering(new ClusterOptions
        {
            Roles = [.. options.Roles],
            SeedNodes = [.. options.SeedNodes],
            SplitBrainResolver = new KeepMajorityOption { Role = ClusterConstants.ControlRole },
            LogInfo = false,
        });
        if (options.SeedNodes.Count > 0)
        {
            builder.AddHocon(ClusterFaultDefaults.Hocon, HoconAddMode.Prepend);
            builder.WithActors((system, _) => system.ActorOf(ClusterEventLog.Props(), "cluster-events"));
        }
        else
        {
            // A one-node cluster has nobody to gossip with: short leader intervals make it Up, and
            // let it exit, without waiting on gossip rounds. The shard regions
            // retry every 200 ms (Akka: 2 s), not less: they warn from their fifth retry with
            // messages buffered, and at 50 ms a loaded machine's slower shard allocation printed
            // "Requested shard homes" warnings into `sam3r run`'s output after 250 ms.
            // The singletons' hand-over retry (the sharding coordinator's too: it reads
            // akka.cluster.singleton) would hold every `sam3r run` at exit, with nobody to
            // hand over to. Real clusters keep Akka's defaults.
            builder.AddHocon(
                """
                akka.cluster.periodic-tasks-initial-delay = 10ms
                akka.cluster.leader-actions-interval = 50ms
                akka.cluster.gossip-interval = 200ms
                akka.cluster.sharding.retry-interval = 200ms
                akka.cluster.sharding.coordinator-state.write-majority-plus = 0
                akka.cluster.sharding.coordinator-state.read-majority-plus = 0
                akka.cluster.singleton.hand-over-retry-interval = 100ms
                """,
                HoconAddMode.Prepend);
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }

        return builder;
    }

    /// <summary>
    /// Journal and snapshot store through Akka.Persistence.Sql, tables created on first use. SQLite
    /// allows one writer at a time: the journal then writes with parallelism 1.
    /// </summary>
    public static AkkaConfigurationBuilder WithJobPersistence(this AkkaConfigurationBuilder builder, JobStore store)
    {
        builder.WithSqlPersistence(dataOptions: store.ToDataOptions(), autoInitialize: true);
        return builder.AddHocon(
            $"""
            akka.persistence.journal.sql.parallelism = {store.JournalParallelism}
            """,
            HoconAddMode.Prepend);
    }

    /// <summary>
    /// Job entities, sharded by job id on the control role (remember-entities off: a job runs when
    /// someone starts or resumes it). Nodes without the role get a proxy to the region.
    /// The entities find the pipeline in the <see cref="ActorRegistry"/> (<see cref="ActorKeys"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithJobSharding(this AkkaConfigurationBuilder builder, Sam3NodeOptions options)
    {
        if (!options.HasRole(ClusterConstants.ControlRole))
        {
            return builder.WithShardRegionProxy<ActorKeys.JobRegion>(
                ClusterConstants.JobEntityTypeName, ClusterConstants.ControlRole, new JobMessageExtractor());
        }

        return builder.WithShardRegion<ActorKeys.JobRegion>(
            ClusterConstants.JobEntityTypeName,
            (system, registry) => entityId => JobEntity.Props(
                entityId,
                options.Jobs,
                new JobPipeline(
                    registry.Get<ActorKeys.TilePlanner>(),
                    registry.TryGet<ActorKeys.TileProcessor>(out var tiles) ? tiles : ActorRefs.Nobody,
                    registry.Get<ActorKeys.OutputWriter>())
                {
                    TileWorkers = registry.TryGet<ActorKeys.TileWorkers>(out var workers) ? workers : null,
                }),
            new JobMessageExtractor(),
            new ShardOptions
            {
                Role = ClusterConstants.ControlRole,
                RememberEntities = false,
                StateStoreMode = StateStoreMode.DData,
            });
    }
}
