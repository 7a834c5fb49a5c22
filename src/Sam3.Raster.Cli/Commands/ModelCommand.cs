using System.CommandLine;

namespace Sam3.Raster.Cli.Commands;

/// <summary><c>sam3r model …</c>: work with SAM3-contract ONNX models.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Inspect SAM3 ONNX models and generate the project's contract test models.");
        command.Subcommands.Add(ModelMakeTestCommand.Create());
        command.Subcommands.Add(ModelInspectCommand.Create());
        return command;
    }
}
