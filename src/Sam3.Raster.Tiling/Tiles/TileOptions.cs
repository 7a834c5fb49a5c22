namespace Sam3.Raster.Tiling.Tiles;

/// <summary>
/// How a scene is cut: square tiles of <see cref="TileSize"/> pixels (the model's input size) that
/// overlap their neighbours by at least <see cref="Overlap"/> pixels, so objects cut by one tile's
/// edge are whole in the next. An odd overlap is allowed: the core boundary then sits at the floor
/// of the overlap's midpoint.
/// </summary>
public sealed record TileOptions
{
    public const int DefaultTileSize = 1008;
    public const int DefaultOverlap = 128;

    public TileOptions(int tileSize = DefaultTileSize, int overlap = DefaultOverlap)
    {
        // Plain ArgumentException (no parameter name suffix): the message is shown to CLI users as is.
        if (tileSize < 1)
        {
            throw new ArgumentException($"the tile size must be at least 1 pixel, got {tileSize}");
        }

        if (overlap < 0)
        {
            throw new ArgumentException($"the overlap must not be negative, got {overlap}");
        }

        if (overlap >= tileSize)
        {
            throw new ArgumentException($"the overlap ({overlap} px) must be smaller than the tile size ({tileSize} px)");
        }

        TileSize = tileSize;
        Overlap = overlap;
    }

    public int TileSize { get; }

    public int Overlap { get; }

    /// <summary>Distance between the starts of neighbouring tiles on the regular part of the grid.</summary>
    public int Stride => TileSize - Overlap;

    public static TileOptions Default { get; } = new();
}
