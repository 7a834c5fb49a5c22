using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sam3.Raster.Geometry.Aoi;
using Sam3.Raster.Tiling.Reading;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>
/// What a job computes: scenes (paths or GDAL URIs) × prompts through one model, into the outputs.
/// It holds no node-local settings (batch size, device, in-flight bound): those belong to the nodes
/// that run the work, so a job can be resumed with different ones and give the same result.
/// Equality is by value (<see cref="Fingerprint"/>), lists included.
/// </summary>
public sealed record JobSpec
{
    public const float DefaultThreshold = Sam3.Inference.Decoding.DetectionDecoder.DefaultThreshold;
    public const int DefaultMaxTileAttempts = 3;

    public required IReadOnlyList<string> Scenes { get; init; }

    public required IReadOnlyList<string> Prompts { get; init; }

    /// <summary>Output files; the format follows the extension (.parquet, .geojson, .gpkg, .fgb).</summary>
    public required IReadOnlyList<string> Outputs { get; init; }

    public required string ModelPath { get; init; }

    /// <summary>Per-job folder of durable per-tile results (one file per tile, written atomically).</summary>
    public required string WorkDirectory { get; init; }

    public TileSettings Tiles { get; init; } = TileSettings.Default;

    /// <summary>1-based bands mapped to the model's R, G, B; null for the scene's default choice.</summary>
    public IReadOnlyList<int>? Bands { get; init; }

    public float Threshold { get; init; } = DefaultThreshold;

    /// <summary>Attempts per tile before the job fails naming the tile.</summary>
    public int MaxTileAttempts { get; init; } = DefaultMaxTileAttempts;

    /// <summary>Merge mode, mask NMS, simplification and minimum area of the features.</summary>
    public GeometrySettings Geometry { get; init; } = GeometrySettings.Default;

    /// <summary>
    /// The CRS of the vector outputs that carry one (<c>--out-crs</c>: EPSG:n or WKT, as normalized by
    /// <see cref="Sam3.Raster.Geometry.Output.OutputCrsRule.Normalize"/>); null: the scenes' own. Left out
    /// of the canonical JSON when null, so jobs without it keep their ids.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OutputCrs { get; init; }

    /// <summary>
    /// What names each scene in the features' <c>scene</c> attribute, one per scene (a STAC item's
    /// id); null: the scene paths. Left out of the canonical JSON when null, so jobs without it keep their ids.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? SceneNames { get; init; }

    /// <summary>The name of scene <paramref name="scene"/> in the features: its <see cref="SceneNames"/> entry, else its path.</summary>
    public string SceneName(int scene) => SceneNames is { } names && scene < names.Count ? names[scene] : Scenes[scene];

    /// <summary>
    /// Every scene read at this resolution (CRS units per pixel) through GDAL; tiles are planned and
    /// features georeferenced on the resampled grid. Null: each scene's own pixels (and the
    /// fingerprints of jobs from before this setting).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SceneResolution? Resolution { get; init; }

    /// <summary>
    /// The area of interest, carried whole (geometry and CRS) so no node needs its file: tiles
    /// whose window misses it are never read, features that miss it are dropped (or, with
    /// <see cref="AreaOfInterest.Clip"/>, every feature is cut to it). Null: whole scenes.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AreaOfInterest? Aoi { get; init; }

    /// <summary>
    /// This spec with its work folder inside <paramref name="workRoot"/>, named after its id: the one
    /// place a folder is given to a job (<c>sam3r run</c>, the gateway), so folder <c>job-X</c> holds job <c>job-X</c>.
    /// </summary>
    public JobSpec InWorkRoot(string workRoot) => this with { WorkDirectory = Path.Combine(workRoot, JobId.For(this).Value) };

    /// <summary>SHA-256 (hex) of the spec's canonical JSON: same spec, same fingerprint.</summary>
    [JsonIgnore]
    public string Fingerprint
    {
        get
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(this, CanonicalOptions);
            return Convert.ToHexStringLower(SHA256.HashData(json));
        }
    }

    public bool Equals(JobSpec? other) => other is not null && Fingerprint == other.Fingerprint;

    public override int GetHashCode() => Fingerprint.GetHashCode(StringComparison.Ordinal);

    public override string ToString() =>
        $"JobSpec {{ Scenes = [{string.Join(", ", Scenes)}], Prompts = [{string.Join(", ", Prompts)}], Outputs = [{string.Join(", ", Outputs)}], Model = {ModelPath}, Tiles = {Tiles} }}";

    private static readonly JsonSerializerOptions CanonicalOptions = new() { WriteIndented = false };
}
