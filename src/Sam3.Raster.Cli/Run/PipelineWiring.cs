using Akka.Hosting;
using Sam3.Raster.Actors.Hosting;

namespace Sam3.Raster.Cli.Run;

/// <summary>Registers the pipeline actors of the embedded node.</summary>
internal static class PipelineWiring
{
    public static Action<AkkaConfigurationBuilder, IServiceProvider> For(PipelineSettings settings) =>
        (_, _) => throw new NotSupportedException($"the tile pipeline is not wired in this build yet (settings: {settings})");
}
