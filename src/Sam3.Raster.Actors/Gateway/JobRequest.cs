using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Geometry.Seams;

namespace Sam3.Raster.Actors.Gateway;

/// <summary>
/// A job as a client asks for it, before any check: the options of <c>sam3r submit</c> and the JSON
/// body of <c>POST /jobs</c> (camelCase: <c>inputs</c>, <c>prompts</c>, <c>outputs</c>, <c>model</c>,
/// <c>tile</c>, <c>overlap</c>, <c>bands</c> "3,2,1", <c>threshold</c>, <c>merge</c>, <c>dedupeIou</c>,
/// <c>simplify</c>, <c>minArea</c>). <see cref="ToSubmitJob"/> is the one place either becomes the
/// gateway's <see cref="GatewayProtocol.SubmitJob"/>: a new job option is added here once, with its check.
/// Paths are as the cluster's nodes see them and are not opened here.
/// </summary>
public sealed record JobRequest
{
    public IReadOnlyList<string> Inputs { get; init; } = [];

    public IReadOnlyList<string> Prompts { get; init; } = [];

    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Null: the gpu nodes' <c>--model</c> (else the control node's).</summary>
    public string? Model { get; init; }

    public int Tile { get; init; } = TileSettings.DefaultTileSize;

    public int Overlap { get; init; } = TileSettings.DefaultOverlap;

    /// <summary>"3,2,1": 1-based bands for R, G, B; null for the scene's default.</summary>
    public string? Bands { get; init; }

    public float Threshold { get; init; } = JobSpec.DefaultThreshold;

    /// <summary>instances or dissolve.</summary>
    public string Merge { get; init; } = "instances";

    public double DedupeIou { get; init; } = MaskNms.DefaultIou;

    /// <summary>Simplification tolerance in pixels.</summary>
    public double Simplify { get; init; }

    /// <summary>Minimum feature area in CRS units².</summary>
    public double MinArea { get; init; }

    /// <summary>
    /// The checked job. Relative paths are taken from <paramref name="baseDirectory"/> (the CLI's
    /// working folder); without one (HTTP) they are refused, as the server's folder means nothing to
    /// the client. GDAL virtual paths (<c>/vsicurl/</c>, <c>/vsis3/</c>, …) are kept as they are.
    /// Throws <see cref="ArgumentException"/> with one line naming the option.
    /// </summary>
    public GatewayProtocol.SubmitJob ToSubmitJob(string? baseDirectory)
    {
        var tiles = JobOptionChecks.Tiles(Tile, Overlap);
        var mode = Merge?.Trim().ToLowerInvariant() switch
        {
            "instances" => MergeMode.Instances,
            "dissolve" => MergeMode.Dissolve,
            _ => throw new ArgumentException($"--merge takes instances or dissolve, got '{Merge}'"),
        };
        return new GatewayProtocol.SubmitJob(
            [.. (Inputs ?? []).Select(p => Resolve(p, baseDirectory, "--input"))],
            [.. (Prompts ?? []).Select(p => (p ?? "").Trim())],
            [.. (Outputs ?? []).Select(p => Resolve(p, baseDirectory, "--out"))],
            string.IsNullOrWhiteSpace(Model) ? null : Resolve(Model, baseDirectory, "--model"),
            tiles,
            JobOptionChecks.Bands(Bands),
            JobOptionChecks.Threshold(Threshold),
            new GeometrySettings(mode, DedupeIou, Simplify, MinArea).Checked());
    }

    private static string Resolve(string? path, string? baseDirectory, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{option} needs a path, got an empty one");
        }

        if (path.StartsWith("/vsi", StringComparison.Ordinal))
        {
            return path;
        }

        if (Path.IsPathFullyQualified(path))
        {
            return Path.GetFullPath(path);
        }

        return baseDirectory is not null
            ? Path.GetFullPath(path, baseDirectory)
            : throw new ArgumentException($"{option} {path}: give the path as the nodes see it, from the root (/…)");
    }
}
