namespace Sam3.Raster.Actors.Jobs;

/// <summary>How a job cuts its scenes: tile size (the model's input size) and overlap, in pixels.</summary>
public sealed record TileSettings(int TileSize = TileSettings.DefaultTileSize, int Overlap = TileSettings.DefaultOverlap)
{
    public const int DefaultTileSize = 1008;
    public const int DefaultOverlap = 128;

    public static TileSettings Default { get; } = new();
}
