using Akka.Hosting;
using Sam3.Raster.Actors.Hosting;

namespace Sam3.Raster.Cli.Run;

/// <summary>Registers the pipeline actors of the embedded node.</summary>
internal static class PipelineWiring
{
    /// <summary>
    /// The pipeline, and the job's scenes planned as soon as the actor system is up: the job
    /// entity's request then finds them ready. Not before: the plan's reads took half the two cores
    /// from the actor system's own start (0.55 → 0.35 s without them); from here they overlap the
    /// cluster's forming and the journal's recovery, which leave a core idle.
    /// </summary>
    public static Action<AkkaConfigurationBuilder, IServiceProvider> For(Sam3NodeOptions node, JobLauncher.PreparedJob job, PipelineResources resources) =>
        (builder, _) => builder
            .WithSam3Pipeline(node, job.Pipeline, resources)
            .AddStartup((_, _) => resources.Plans.PrepareAll(job.Id, job.Spec));
}
