using System.CommandLine;
using Sam3.Raster.Cli;
using Sam3.Raster.Cli.Commands;

var root = new RootCommand("sam3r — SAM3 text-prompted segmentation of large georeferenced rasters into vector features.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

// System.CommandLine would print its own stack trace for exceptions; CliErrors decides instead.
// A line that does not parse is one line with a hint (UsageErrors), not the help text.
return CliErrors.Guard(() =>
{
    var parse = root.Parse(args);
    return UsageErrors.Failed(parse) ? UsageErrors.Report(parse) : parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
});
