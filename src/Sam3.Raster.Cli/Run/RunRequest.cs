using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Cli.Run;

/// <summary>What <c>sam3r run</c> (or <c>sam3r demo</c>) was asked to do, as parsed (not yet checked against the file system).</summary>
internal sealed record RunRequest
{
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>--asset: the asset of each STAC item among the inputs.</summary>
    public string Asset { get; init; } = Tiling.Stac.SceneInputs.DefaultAsset;

    public required IReadOnlyList<string> Prompts { get; init; }

    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>--model, else SAM3R_MODEL; null when neither is given.</summary>
    public string? Model { get; init; }

    public int TileSize { get; init; } = TileSettings.DefaultTileSize;

    public int Overlap { get; init; } = TileSettings.DefaultOverlap;

    /// <summary>--bands "3,2,1" as 1-based band numbers; null: the scene's default.</summary>
    public IReadOnlyList<int>? Bands { get; init; }

    public float Threshold { get; init; } = JobSpec.DefaultThreshold;

    /// <summary>--batch, --device, --max-in-flight: applied over the settings file (<see cref="Sam3Settings"/>).</summary>
    public SettingsOverrides Settings { get; init; } = SettingsOverrides.None;

    public bool Resume { get; init; }

    public string? StatePath { get; init; }

    public bool Json { get; init; }

    public Sam3.Raster.Actors.Jobs.GeometrySettings Geometry { get; init; } = Sam3.Raster.Actors.Jobs.GeometrySettings.Default;

    /// <summary>--out-crs as given; null: the scenes' CRS.</summary>
    public string? OutputCrs { get; init; }

    /// <summary>--resolution with --resampling, checked; null: each scene's own pixels.</summary>
    public Tiling.Reading.SceneResolution? Resolution { get; init; }

    /// <summary>--aoi, read from its file, with --aoi-clip; null: whole scenes.</summary>
    public Geometry.Aoi.AreaOfInterest? Aoi { get; init; }
}
