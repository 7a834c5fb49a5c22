using Sam3.Raster.Cli.Commands;

namespace Sam3.Raster.Cli.Demo;

/// <summary>Runs <c>sam3r demo</c>.</summary>
internal static class DemoRunner
{
    public static int Run(DemoCommand.DemoRequest request) =>
        throw new NotSupportedException($"sam3r demo is not wired in this build yet ({request.OutputFolder})");
}
