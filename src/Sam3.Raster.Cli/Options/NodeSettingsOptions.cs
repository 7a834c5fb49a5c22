using System.CommandLine;
using Sam3.Raster.Actors.Hosting;

namespace Sam3.Raster.Cli.Options;

/// <summary>
/// The options that override the settings file for the node a command runs (<c>run</c>, <c>node</c>,
/// <c>demo</c>): one definition each, read into <see cref="SettingsOverrides"/> for <see cref="Sam3Settings"/>.
/// </summary>
internal sealed class NodeSettingsOptions
{
    public Option<int?> Batch { get; } = new("--batch") { Description = "Patches per model run (default from config/sam3r.conf)." };

    public Option<string?> Device { get; } = new("--device") { Description = "auto, cpu, cuda or cuda:N; several, comma-separated (cuda:0,cuda:1), get one GPU actor each (default from config/sam3r.conf: auto)." };

    public Option<int?> MaxInFlight { get; } = new("--max-in-flight") { Description = "Tiles in flight per job at once (read, queued, being vectorized; default from config/sam3r.conf)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Batch, Device, MaxInFlight })
        {
            command.Options.Add(option);
        }
    }

    public SettingsOverrides Overrides(ParseResult parse) => new(parse.GetValue(Batch), parse.GetValue(Device), parse.GetValue(MaxInFlight));
}
