using System.CommandLine;
using Sam3.Raster.Cli;
using Sam3.Raster.Cli.Commands;

var root = new RootCommand("sam3r — SAM3 text-prompted segmentation of large georeferenced rasters into vector features.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

// System.CommandLine would print its own stack trace for exceptions; CliErrors decides instead.
return CliErrors.Guard(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
