using Sam3.Inference.Contract;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>
/// How a job cuts its scenes: tile size (the model's input size) and overlap, in pixels. The rules
/// are methods, not properties: the spec's JSON (its fingerprint, the journal) holds the two sizes only.
/// </summary>
public sealed record TileSettings(int TileSize = TileSettings.DefaultTileSize, int Overlap = TileSettings.DefaultOverlap)
{
    public const int DefaultTileSize = ModelContract.PatchSize;
    public const int DefaultOverlap = TileOptions.DefaultOverlap;

    public static TileSettings Default { get; } = new();

    /// <summary>
    /// Why a job cannot use this tile size, or null: the readers fill the model's fixed
    /// <see cref="ModelContract.PatchSize"/>² input, so any other size would feed it a wrong patch.
    /// </summary>
    public string? TileSizeProblem() => TileSize == ModelContract.PatchSize
        ? null
        : $"tile size {TileSize} is not the model's patch size ({ModelContract.PatchSize} px)";

    /// <summary>Why a job cannot use this overlap, or null: neighbouring tiles must advance by at least one pixel.</summary>
    public string? OverlapProblem() => Overlap >= 0 && Overlap < TileSize
        ? null
        : $"overlap {Overlap} must be at least 0 and less than the tile size ({TileSize} px)";

    /// <summary>The first reason a job cannot cut its scenes this way, or null when it can.</summary>
    public string? Problem() => TileSizeProblem() ?? OverlapProblem();
}
