using System.CommandLine;

namespace Sam3.Raster.Cli.Commands;

/// <summary>
/// <c>sam3r demo</c>: generates a synthetic georeferenced scene and the colour test model, runs the
/// whole pipeline on it, writes GeoParquet, GeoJSON and a quicklook PNG, and prints where they are.
/// </summary>
internal static class DemoCommand
{
    public sealed record DemoRequest(string OutputFolder, int Size, int? Batch, string? Device, bool Json);

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for the scene, model and outputs.", DefaultValueFactory = _ => "demo-output" };
        var size = new Option<int>("--size") { Description = "Scene width and height in pixels.", DefaultValueFactory = _ => 3000 };
        var batch = new Option<int?>("--batch") { Description = "Patches per model run." };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N, or a comma-separated list (cuda:0,cuda:1)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };

        var command = new Command("demo", "Generate a sample scene and test model, run the whole pipeline, write GeoParquet, GeoJSON and a quicklook PNG.");
        foreach (var o in new Option[] { output, size, batch, device, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            var request = new DemoRequest(parse.GetValue(output)!, parse.GetValue(size), parse.GetValue(batch), parse.GetValue(device), parse.GetValue(json));
            if (request.Size < 256)
            {
                throw new ArgumentException($"--size must be at least 256 pixels, got {request.Size}");
            }

            return Demo.DemoRunner.Run(request);
        });
        return command;
    }
}
