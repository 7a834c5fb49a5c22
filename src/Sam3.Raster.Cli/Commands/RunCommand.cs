using System.CommandLine;
using Sam3.Raster.Cli.Options;
using Sam3.Raster.Cli.Run;

namespace Sam3.Raster.Cli.Commands;

/// <summary><c>sam3r run</c>: one job over one or more scenes, on the embedded one-node cluster.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var job = new JobOptions(required: true, $"The SAM3 ONNX model (default: ${RunPreflight.ModelEnvironmentVariable}).");
        var settings = new NodeSettingsOptions();
        var resume = new Option<bool>("--resume") { Description = "Continue the job recorded in the state file; finished tiles are not run again." };
        var state = new Option<string?>("--state") { Description = "Job state file (SQLite; default: next to the first output)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };

        var command = new Command("run", "Segment scenes with text prompts and write the features (GeoParquet, GeoJSON, GeoPackage, FlatGeobuf).");
        job.AddTo(command);
        settings.AddTo(command);
        foreach (var o in new Option[] { resume, state, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            var request = new RunRequest
            {
                Inputs = job.Scenes(parse),
                Asset = parse.GetValue(job.Asset)!,
                Prompts = parse.GetValue(job.Prompt) ?? [],
                Outputs = parse.GetValue(job.Output) ?? [],
                Model = parse.GetValue(job.Model),
                TileSize = parse.GetValue(job.Tile),
                Overlap = parse.GetValue(job.Overlap),
                Bands = job.BandList(parse),
                Threshold = parse.GetValue(job.Threshold),
                Settings = settings.Overrides(parse),
                Resume = parse.GetValue(resume),
                StatePath = parse.GetValue(state),
                Json = parse.GetValue(json),
                Geometry = job.Geometry.Parse(parse),
                OutputCrs = parse.GetValue(job.OutCrs),
                Resolution = job.ResolutionSettings(parse),
                Aoi = job.AreaOfInterest(parse),
            };
            return JobLauncher.Run(request);
        });
        return command;
    }
}
