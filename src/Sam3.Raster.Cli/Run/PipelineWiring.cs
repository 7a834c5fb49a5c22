using Akka.Hosting;
using Sam3.Raster.Actors.Hosting;

namespace Sam3.Raster.Cli.Run;

/// <summary>Registers the pipeline actors of the embedded node.</summary>
internal static class PipelineWiring
{
    public static Action<AkkaConfigurationBuilder, IServiceProvider> For(Sam3NodeOptions node, PipelineSettings settings, PipelineResources resources) =>
        (builder, _) => builder.WithSam3Pipeline(node, settings, resources);
}
