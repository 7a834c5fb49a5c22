using System.CommandLine;
using Sam3.Raster.Cli.Run;

namespace Sam3.Raster.Cli.Commands;

/// <summary><c>sam3r run</c>: one job over one or more scenes, on the embedded one-node cluster.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var input = new Option<string[]>("--input", "-i") { Description = "Scene to segment (GeoTIFF or any GDAL raster; /vsicurl/ and /vsis3/ paths too). Repeat for several scenes.", Required = true, AllowMultipleArgumentsPerToken = false };
        var prompt = new Option<string[]>("--prompt", "-p") { Description = "Text prompt (e.g. \"building\"). Repeat for several prompts.", Required = true, AllowMultipleArgumentsPerToken = false };
        var output = new Option<string[]>("--out", "-o") { Description = "Output file; the format follows the extension (.parquet, .geojson). Repeat for several.", Required = true, AllowMultipleArgumentsPerToken = false };
        var model = new Option<string?>("--model", "-m") { Description = $"The SAM3 ONNX model (default: ${RunPreflight.ModelEnvironmentVariable})." };
        var tile = new Option<int>("--tile") { Description = "Tile size in pixels (the model's input size).", DefaultValueFactory = _ => 1008 };
        var overlap = new Option<int>("--overlap") { Description = "Overlap between neighbouring tiles, in pixels.", DefaultValueFactory = _ => 128 };
        var bands = new Option<string?>("--bands") { Description = "Bands for R,G,B, 1-based (e.g. 3,2,1)." };
        var batch = new Option<int?>("--batch") { Description = "Patches per model run (default from config/sam3r.conf)." };
        var threshold = new Option<float>("--threshold") { Description = "Confidence threshold.", DefaultValueFactory = _ => 0.5f };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N; several, comma-separated (cuda:0,cuda:1), get one GPU actor each (default from config/sam3r.conf: auto)." };
        var maxInFlight = new Option<int?>("--max-in-flight") { Description = "Tiles in flight at once (read, queued, being vectorized)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the job recorded in the state file; finished tiles are not run again." };
        var state = new Option<string?>("--state") { Description = "Job state file (SQLite; default: next to the first output)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var geometry = GeometryOptions.Create();

        var command = new Command("run", "Segment scenes with text prompts and write the features (GeoParquet, GeoJSON).");
        foreach (var o in new Option[] { input, prompt, output, model, tile, overlap, bands, batch, threshold, device, maxInFlight, resume, state, json })
        {
            command.Options.Add(o);
        }

        geometry.AddTo(command);

        command.SetAction(parse =>
        {
            var request = new RunRequest
            {
                Inputs = parse.GetValue(input) ?? [],
                Prompts = parse.GetValue(prompt) ?? [],
                Outputs = parse.GetValue(output) ?? [],
                Model = parse.GetValue(model),
                TileSize = parse.GetValue(tile),
                Overlap = parse.GetValue(overlap),
                Bands = RunPreflight.ParseBands(parse.GetValue(bands)),
                Batch = parse.GetValue(batch),
                Threshold = parse.GetValue(threshold),
                Device = parse.GetValue(device),
                MaxInFlightTiles = parse.GetValue(maxInFlight),
                Resume = parse.GetValue(resume),
                StatePath = parse.GetValue(state),
                Json = parse.GetValue(json),
                Geometry = geometry.Parse(parse),
            };
            return JobLauncher.Run(request);
        });
        return command;
    }
}
