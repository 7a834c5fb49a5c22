using Akka.Actor;
using Akka.Hosting;
using Akka.Routing;
using Sam3.Raster.Actors.Batching;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Pipeline;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>What the pipeline actors of a node share: the model sessions of its device and the patch buffers.</summary>
public sealed record PipelineResources(SessionCache Sessions, PatchBufferPool Patches) : IDisposable
{
    public static PipelineResources For(PipelineSettings settings, int patchLength) => new(
        new SessionCache(Sam3.Inference.Session.ExecutionDevice.Parse(settings.Device), settings.Batch),
        new PatchBufferPool(patchLength, retained: settings.MaxInFlightTiles));

    public void Dispose() => Sessions.Dispose();
}

public static class Sam3PipelineExtensions
{
    /// <summary>
    /// The pipeline actors of a node, for the roles it has: planner and tiling actors plus one GPU
    /// actor (gpu), geometry actors and the output writer (geo). Registered under <see cref="ActorKeys"/>
    /// for the job entities.
    /// </summary>
    public static AkkaConfigurationBuilder WithSam3Pipeline(this AkkaConfigurationBuilder builder, Sam3NodeOptions node, PipelineSettings settings, PipelineResources resources)
    {
        builder.AddHocon(PipelineDispatchers.Hocon(settings.Readers + settings.GeometryWorkers + 2), HoconAddMode.Prepend);
        return builder.WithActors((system, registry) =>
        {
            var jobs = registry.Get<ActorKeys.JobRegion>();
            if (node.HasRole(ClusterConstants.GeoRole))
            {
                var geometry = system.ActorOf(GeometryActor.Props(jobs).WithRouter(new RoundRobinPool(settings.GeometryWorkers)), "geometry");
                registry.Register<ActorKeys.Geometry>(geometry);
                registry.Register<ActorKeys.OutputWriter>(system.ActorOf(OutputWriterActor.Props(jobs), "writer"));
            }

            if (node.HasRole(ClusterConstants.GpuRole))
            {
                var batching = new BatchingOptions(settings.Batch, settings.BatchWait, Math.Max(settings.MaxInFlightTiles, settings.Batch));
                var gpu = system.ActorOf(GpuActor.Props(resources.Sessions, batching, registry.Get<ActorKeys.Geometry>(), jobs, resources.Patches), "gpu-0");
                var readers = system.ActorOf(TileReaderActor.Props(gpu, jobs, resources.Patches).WithRouter(new RoundRobinPool(settings.Readers)), "tiles");
                registry.Register<ActorKeys.TileProcessor>(readers);
                registry.Register<ActorKeys.TilePlanner>(system.ActorOf(TilePlannerActor.Props(), "planner"));
            }
        });
    }
}
