using System.CommandLine;
using Sam3.Raster.Geometry.Raster;
using Sam3.Raster.Geometry.Vectorize;

namespace Sam3.Raster.Cli.Commands;

/// <summary><c>sam3r vectorize</c>: a mask raster's nonzero, non-nodata regions as georeferenced polygons.</summary>
internal static class VectorizeCommand
{
    public static Command Create()
    {
        var mask = new Option<string>("--mask") { Description = "mask raster (any GDAL format, integer band)", Required = true };
        var output = new Option<string[]>("--out")
        {
            Description = "output file(s): .parquet (GeoParquet 1.1), .gpkg (GeoPackage) or .fgb (FlatGeobuf) in the raster CRS, or .geojson/.json (RFC 7946, WGS 84)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var connectivity = new Option<int>("--connectivity") { Description = "4 (edge neighbours, gdal_polygonize's default) or 8 (corners too)", DefaultValueFactory = _ => 4 };
        var band = new Option<int>("--band") { Description = "band number, from 1", DefaultValueFactory = _ => 1 };

        var command = new Command("vectorize", "Polygons of the nonzero pixels of a mask raster, one per connected region of equal value, with attributes value and area.");
        command.Options.Add(mask);
        command.Options.Add(output);
        command.Options.Add(connectivity);
        command.Options.Add(band);
        command.SetAction(parseResult =>
        {
            int conn = parseResult.GetValue(connectivity);
            if (conn is not (4 or 8))
            {
                throw new ArgumentException($"--connectivity must be 4 or 8, got {conn}");
            }

            var outputs = parseResult.GetValue(output)!;
            var result = RasterVectorizer.Run(parseResult.GetValue(mask)!, outputs, (Connectivity)conn, parseResult.GetValue(band));
            Console.WriteLine($"{result.Features} features from {result.Width}x{result.Height} pixels → {string.Join(", ", outputs)}");
            return 0;
        });
        return command;
    }
}
