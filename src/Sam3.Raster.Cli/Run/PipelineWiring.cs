using Akka.Hosting;
using Sam3.Raster.Actors.Hosting;

namespace Sam3.Raster.Cli.Run;

/// <summary>Registers the pipeline actors of the embedded node.</summary>
internal static class PipelineWiring
{
    /// <summary>
    /// The pipeline, with the job's first tiles run as soon as the actor system is up, within the
    /// job's credit window (<see cref="Sam3HeadStartExtensions.WithHeadStart"/>). Not on
    /// <paramref name="resume"/>: a resumed job may be refused (it failed, or its spec changed), and
    /// a refused job must do no work; a fresh one (its state just created) never is.
    /// </summary>
    public static Action<AkkaConfigurationBuilder, IServiceProvider> For(Sam3NodeOptions node, JobLauncher.PreparedJob job, PipelineResources resources, bool resume) =>
        (builder, _) => builder
            .WithSam3Pipeline(node, job.Pipeline, resources)
            .WithHeadStart(job.Id, job.Spec, resources, resume ? 0 : job.Pipeline.MaxInFlightTiles);
}
