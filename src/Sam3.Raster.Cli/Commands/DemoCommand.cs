using System.CommandLine;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Cli.Options;

namespace Sam3.Raster.Cli.Commands;

/// <summary>
/// <c>sam3r demo</c>: generates a synthetic georeferenced scene and a test model (colour, or
/// instances: blocks of touching buildings across tile seams, one query per building), runs the
/// whole pipeline on it, writes GeoParquet, GeoJSON and a quicklook PNG, and prints where they are.
/// </summary>
internal static class DemoCommand
{
    public sealed record DemoRequest(string OutputFolder, int Size, SettingsOverrides Settings, bool Json, string Kind = "color");

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for the scene, model and outputs.", DefaultValueFactory = _ => "demo-output" };
        var size = new Option<int>("--size") { Description = "Scene width and height in pixels.", DefaultValueFactory = _ => 3000 };
        var settings = new NodeSettingsOptions();
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var kind = new Option<string>("--kind") { Description = "color: red, green and blue objects, the colour model; instances: blocks of touching buildings across tile seams and the instance model (SAM3's 200 queries, one building each; the scene is 1900 px, --size does not apply).", DefaultValueFactory = _ => "color" };
        kind.AcceptOnlyFromAmong("color", "instances");

        var command = new Command("demo", "Generate a sample scene and test model, run the whole pipeline, write GeoParquet, GeoJSON and a quicklook PNG.");
        foreach (var o in new Option[] { output, size, kind, json })
        {
            command.Options.Add(o);
        }

        settings.AddTo(command);

        command.SetAction(parse =>
        {
            var request = new DemoRequest(parse.GetValue(output)!, parse.GetValue(size), settings.Overrides(parse), parse.GetValue(json), parse.GetValue(kind)!);
            if (request.Size < 256)
            {
                throw new ArgumentException($"--size must be at least 256 pixels, got {request.Size}");
            }

            return Demo.DemoRunner.Run(request);
        });
        return command;
    }
}
