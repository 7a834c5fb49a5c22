using System.CommandLine;

namespace Sam3.Raster.Cli.Commands;
/// <summary>Every sub-command of <c>sam3r</c>, in the order <c>--help</c> lists them.</summary>

internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        RunCommand.Create(),
        NodeCommand.Create(),
        SubmitCommand.Create(),
        StatusCommand.Create(),
        CancelCommand.Create(),
        DemoCommand.Create(),
        TilesCommand.Create(),
        TokenizeCommand.Create(),
        ModelCommand.Create(),
        VectorizeCommand.Create(),
    ];
}
