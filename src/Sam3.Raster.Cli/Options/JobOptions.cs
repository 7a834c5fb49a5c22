using System.CommandLine;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Cli.Run;
using Sam3.Raster.Geometry.Aoi;
using Sam3.Raster.Tiling.Reading;

namespace Sam3.Raster.Cli.Options;

/// <summary>
/// The options that say what a job computes, shared by <c>run</c> and <c>submit</c>: one definition
/// each, the defaults taken from the job domain (<see cref="TileSettings"/>, <see cref="JobSpec"/>).
/// </summary>
internal sealed class JobOptions
{
    /// <param name="required">Whether --prompt must be given: <c>run</c> needs it here; the cluster refuses a job
    /// without a prompt, naming why. Scenes come from --input and --inputs together (<see cref="Scenes"/>).</param>
    /// <param name="modelDescription">What --model defaults to differs: the local environment or the nodes' model.</param>
    public JobOptions(bool required, string modelDescription)
    {
        Input = new Option<string[]>("--input", "-i") { Description = "Scene to segment: a GeoTIFF or any GDAL raster (http(s) and s3:// URLs, /vsicurl/ and /vsis3/ paths too), or a STAC Item or ItemCollection (file or URL; see --asset). Repeat for several scenes.", AllowMultipleArgumentsPerToken = false };
        Prompt = new Option<string[]>("--prompt", "-p") { Description = "Text prompt (e.g. \"building\"). Repeat for several prompts.", Required = required, AllowMultipleArgumentsPerToken = false };
        Model = new Option<string?>("--model", "-m") { Description = modelDescription };
    }

    public Option<string[]> Input { get; }

    public Option<string[]> Prompt { get; }

    public Option<string?> Inputs { get; } = new("--inputs") { Description = "File with one scene (path or URL) a line, beside or instead of --input." };

    public Option<string?> Aoi { get; } = new("--aoi") { Description = "Area of interest: any vector file GDAL reads (GeoJSON, GeoPackage, Shapefile…), any CRS. Tiles that miss it are not read; features that miss it are dropped." };

    public Option<bool> AoiClip { get; } = new("--aoi-clip") { Description = "Cut every feature to the --aoi area (default: features that meet it are kept whole)." };

    public Option<double?> Resolution { get; } = new("--resolution") { Description = "Read every scene at this resolution, in CRS units per pixel (e.g. 0.6): the scale the model works best at." };

    public Option<string> Resampling { get; } = CreateResampling();

    public Option<string[]> Output { get; } = new("--out", "-o") { Description = "Output file; the format follows the extension: .parquet (GeoParquet), .geojson (WGS 84 lon/lat), .gpkg (GeoPackage), .fgb (FlatGeobuf), .tif (a mask raster per scene, one UInt32 band of feature ids per prompt, named OUT-<scene name>.tif when the job has several scenes); or a PostGIS table postgresql://user@host:port/db?table=NAME (password from PGPASSWORD or ~/.pgpass). Repeat for several; every scene's features, with a scene attribute and an id shared by all outputs.", Required = true, AllowMultipleArgumentsPerToken = false };

    public Option<string?> Model { get; }

    public Option<int> Tile { get; } = new("--tile") { Description = $"Tile size in pixels: the model's input size, {TileSettings.DefaultTileSize} (any other is refused).", DefaultValueFactory = _ => TileSettings.DefaultTileSize };

    public Option<int> Overlap { get; } = new("--overlap") { Description = "Overlap between neighbouring tiles, in pixels.", DefaultValueFactory = _ => TileSettings.DefaultOverlap };

    public Option<string?> Bands { get; } = new("--bands") { Description = "Bands for R,G,B, 1-based (e.g. 3,2,1)." };

    public Option<float> Threshold { get; } = new("--threshold") { Description = "Confidence threshold.", DefaultValueFactory = _ => JobSpec.DefaultThreshold };

    public Option<string?> OutCrs { get; } = new("--out-crs") { Description = "CRS of the .parquet/.gpkg/.fgb outputs (EPSG:4326, 4326 or WKT): features are reprojected to it. Needed when the scenes' CRSs differ; default: the scenes' CRS. GeoJSON is always WGS 84 lon/lat." };

    public Option<string> Asset { get; } = new("--asset") { Description = "The asset of each STAC item given as --input to segment.", DefaultValueFactory = _ => Tiling.Stac.SceneInputs.DefaultAsset };

    /// <summary>How masks become features: merge mode, mask NMS, simplification, minimum area.</summary>
    public GeometryOptions Geometry { get; } = GeometryOptions.Create();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Input, Prompt, Output, Model, Tile, Overlap, Bands, Threshold, OutCrs, Asset, Inputs, Aoi, AoiClip, Resolution, Resampling })
        {
            command.Options.Add(option);
        }

        Geometry.AddTo(command);
    }

    /// <summary>--tile and --overlap, checked against the job's rules (<see cref="TileSettings.Problem"/>).</summary>
    public TileSettings Tiles(ParseResult parse) => RunPreflight.CheckTiles(parse.GetValue(Tile), parse.GetValue(Overlap));

    public IReadOnlyList<int>? BandList(ParseResult parse) => RunPreflight.ParseBands(parse.GetValue(Bands));

    /// <summary>--out-crs normalized (a bare code becomes EPSG:n) and checked; null when not given.</summary>
    public string? OutputCrs(ParseResult parse) =>
        parse.GetValue(OutCrs) is { } crs ? Sam3.Raster.Geometry.Output.OutputCrsRule.Normalize(crs) : null;

    /// <summary>--input, then the lines of --inputs, as given (not yet resolved).</summary>
    public IReadOnlyList<string> Scenes(ParseResult parse) =>
        [.. parse.GetValue(Input) ?? [], .. parse.GetValue(Inputs) is { } list ? SceneListFile.Read(list) : []];

    /// <summary>--resolution and --resampling, checked (one line naming the option); null without --resolution.</summary>
    public SceneResolution? ResolutionSettings(ParseResult parse) => RunPreflight.CheckResolution(parse.GetValue(Resolution), parse.GetValue(Resampling)!);

    /// <summary>--aoi read from its file (one line naming it when it cannot be), with --aoi-clip; null without --aoi.</summary>
    public AreaOfInterest? AreaOfInterest(ParseResult parse) => RunPreflight.ReadAoi(parse.GetValue(Aoi), parse.GetValue(AoiClip));

    private static Option<string> CreateResampling()
    {
        var option = new Option<string>("--resampling") { Description = "How --resolution resamples: auto (average when reducing, bilinear when enlarging) or a GDAL method.", DefaultValueFactory = _ => SceneResolution.Auto };
        option.AcceptOnlyFromAmong([.. SceneResolution.Methods]);
        return option;
    }
}
