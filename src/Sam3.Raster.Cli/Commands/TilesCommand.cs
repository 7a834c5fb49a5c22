using System.CommandLine;
using System.Text.Json;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Cli.Commands;

/// <summary><c>sam3r tiles</c>: prints a scene's tile plan as JSON, to inspect what a job would read.</summary>
internal static class TilesCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "Raster to tile (any GDAL raster path or /vsi… URI)", Required = true };
        var tile = new Option<int>("--tile") { Description = "Tile size in pixels (the model input size)", DefaultValueFactory = _ => TileOptions.DefaultTileSize };
        var overlap = new Option<int>("--overlap") { Description = "Minimum overlap between neighbouring tiles, in pixels", DefaultValueFactory = _ => TileOptions.DefaultOverlap };
        var bands = new Option<string?>("--bands") { Description = "Bands for R,G,B, 1-based, e.g. 3,2,1 (default: the Red/Green/Blue bands, else the first three)" };
        var allowUngeoreferenced = new Option<bool>("--allow-ungeoreferenced") { Description = "Accept a raster without geotransform/CRS (pixel coordinates)" };

        var command = new Command("tiles", "Print the tile plan of a raster as JSON (windows, cores, empty tiles)");
        command.Options.Add(input);
        command.Options.Add(tile);
        command.Options.Add(overlap);
        command.Options.Add(bands);
        command.Options.Add(allowUngeoreferenced);
        command.SetAction(parseResult =>
        {
            var options = new TileOptions(parseResult.GetValue(tile), parseResult.GetValue(overlap));
            using var dataset = RasterDataset.Open(parseResult.GetValue(input)!, parseResult.GetValue(allowUngeoreferenced));
            var selection = BandSelection.Resolve(dataset, parseResult.GetValue(bands));
            var plan = TilePlanner.Plan(dataset, selection, options);
            using (var stdout = Console.OpenStandardOutput())
            using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
            {
                TilePlanJson.Write(writer, dataset, selection, plan);
            }

            Console.Out.WriteLine();
            return 0;
        });
        return command;
    }
}
