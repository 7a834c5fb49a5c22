using Akka.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Hosting;

public static class Sam3HeadStartExtensions
{
    /// <summary>
    /// For a node started for one known job (<c>sam3r run</c>): plans the job's scenes unless the
    /// caller already began to (<see cref="PlanCache"/>; the entity's request then finds them ready;
    /// <c>sam3r run</c> begins while the node starts), and once the actor system is up runs up to
    /// <paramref name="tiles"/> tiles of the first scene ahead of the job entity
    /// (<see cref="HeadStartActor"/>; 0: none). Keep <paramref name="tiles"/> within the job's
    /// credit window, so that the patches in flight stay within it too.
    /// </summary>
    public static AkkaConfigurationBuilder WithHeadStart(this AkkaConfigurationBuilder builder, JobId id, JobSpec spec, PipelineResources resources, int tiles) =>
        builder.AddStartup((system, registry) =>
        {
            resources.Plans.PrepareAll(id, spec);
            if (tiles > 0 && resources.Plans.Peek(PlanScene.For(id, spec, 0)) is { } plan)
            {
                system.ActorOf(HeadStartActor.Props(id, spec, plan, registry.Get<ActorKeys.TileProcessor>(), resources.HeadStart, tiles), "head-start");
            }
        });
}
