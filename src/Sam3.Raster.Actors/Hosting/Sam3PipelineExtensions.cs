using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Routing;
using Akka.Cluster.Sharding.Delivery;
using Akka.Hosting;
using Akka.Routing;
using Sam3.Raster.Actors.Batching;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Pipeline;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Hosting;

public static class Sam3PipelineExtensions
{
    /// <summary>Actor names the cluster-aware routers look for on other nodes.</summary>
    public const string PlannerName = "planner";

    public const string WriterName = "writer";

    /// <summary>The GPU actor of the node's i-th inference device.</summary>
    public static string GpuActorName(int device) => $"gpu-{device}";

    /// <summary>
    /// The pipeline actors of a node, for the roles it has.
    /// <list type="bullet">
    /// <item>gpu: planner, tiling actors, one GPU actor per inference device, geometry actors (pixels
    /// and masks stay in the node), and the <c>tile-worker</c> shard region, the consumers of the
    /// jobs' delivery channels.</item>
    /// <item>geo: the output writer.</item>
    /// <item>every node: cluster-aware group routers to the planners (role gpu) and writers (role geo)
    /// of the whole cluster, which the job entities use (<see cref="ActorKeys"/>), and a proxy to
    /// the tile workers where the node has no gpu role.</item>
    /// </list>
    /// Routers are the simplest correct mechanism here: planning and writing are stateless requests
    /// that the job entity asks again when no answer comes (another node answers).
    /// The priority of the readers and geometry actors is decided here, once for the node, from
    /// where its model runs (<see cref="CpuSideThread"/>; the CLI opens the model before the node starts).
    /// </summary>
    public static AkkaConfigurationBuilder WithSam3Pipeline(this AkkaConfigurationBuilder builder, Sam3NodeOptions node, PipelineSettings settings, PipelineResources resources)
    {
        builder.AddHocon(PipelineDispatchers.Hocon(blockingThreads: 2), HoconAddMode.Prepend);
        builder.WithActors((system, registry) =>
        {
            system.ActorOf(Nodes.NodeActor.Props(resources, node.Roles), Nodes.NodeActor.Name);
            if (node.HasRole(ClusterConstants.GeoRole))
            {
                system.ActorOf(OutputWriterActor.Props(registry.Get<ActorKeys.JobRegion>()), WriterName);
            }

            if (node.HasRole(ClusterConstants.GpuRole))
            {
                bool lowered = CpuSideThread.IsLowered(settings.CpuSidePriority, resources.ModelOnCpu);
                var geometry = system.ActorOf(GeometryActor.Props(resources.Processed, lowered, resources.Dropped).WithRouter(new RoundRobinPool(settings.GeometryWorkers)), "geometry");
                registry.Register<ActorKeys.Geometry>(geometry);
                var batching = new BatchingOptions(settings.Batch, settings.BatchWait, Math.Max(settings.MaxInFlightTiles, settings.Batch));
                var gpu = GpuActors(system, resources, batching, geometry);
                var readers = system.ActorOf(TileReaderLanes.Props(settings.Readers, TileReaderActor.Props(gpu, registry.Get<ActorKeys.JobRegion>(), resources.Patches, lowered, resources.Dropped)), "tiles");
                registry.Register<ActorKeys.TileProcessor>(readers);
                system.ActorOf(TilePlannerActor.Props(), PlannerName);
            }

            registry.Register<ActorKeys.TilePlanner>(system.ActorOf(RouterTo(PlannerName, ClusterConstants.GpuRole), "planner-router"));
            registry.Register<ActorKeys.OutputWriter>(system.ActorOf(RouterTo(WriterName, ClusterConstants.GeoRole), "writer-router"));
        });

        if (!node.HasRole(ClusterConstants.GpuRole))
        {
            return builder.WithShardRegionProxy<ActorKeys.TileWorkers>(
                ClusterConstants.TileWorkerTypeName, ClusterConstants.GpuRole, new TileWorkerMessageExtractor());
        }

        return builder.WithShardRegion<ActorKeys.TileWorkers>(
            ClusterConstants.TileWorkerTypeName,
            (system, registry) => _ => ShardingConsumerController.Create<ProcessTile>(
                consumer => TileWorkerActor.Props(consumer, registry.Get<ActorKeys.TileProcessor>(), registry.Get<ActorKeys.JobRegion>()),
                ShardingConsumerController.Settings.Create(system)),
            new TileWorkerMessageExtractor(),
            new ShardOptions
            {
                Role = ClusterConstants.GpuRole,
                RememberEntities = false,
                StateStoreMode = Akka.Cluster.Sharding.StateStoreMode.DData,
            });
    }

    /// <summary>
    /// One GPU actor per device, each batching its own patches. With several, the readers send to a
    /// round-robin group over them: a node's devices are alike, and the job's credit window bounds
    /// what waits on each. With one, the readers send to it directly, as before devices were lists.
    /// </summary>
    private static IActorRef GpuActors(ActorSystem system, PipelineResources resources, BatchingOptions batching, IActorRef geometry)
    {
        var gpus = resources.Devices
            .Select((sessions, i) => system.ActorOf(GpuActor.Props(sessions, batching, geometry, resources.Patches, resources.Dropped), GpuActorName(i)))
            .ToList();
        return gpus.Count == 1
            ? gpus[0]
            : system.ActorOf(Props.Empty.WithRouter(new RoundRobinGroup(gpus.Select(g => g.Path.ToStringWithoutAddress()))), "gpu");
    }

    private static Props RouterTo(string name, string role) =>
        Props.Empty.WithRouter(new ClusterRouterGroup(
            new RoundRobinGroup([$"/user/{name}"]),
            new ClusterRouterGroupSettings(totalInstances: 1000, routeesPaths: [$"/user/{name}"], allowLocalRoutees: true, useRole: role)));
}
