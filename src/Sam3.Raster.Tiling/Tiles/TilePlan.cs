namespace Sam3.Raster.Tiling.Tiles;

/// <summary>
/// The tiles of one scene, row-major (<c>Tiles[id].Id == id</c>), with <see cref="Columns"/> ×
/// <see cref="Rows"/> tiles. Empty tiles (all nodata) stay in the list, marked, so ids are stable;
/// they are never sent to the model.
/// </summary>
public sealed class TilePlan
{
    public TilePlan(int width, int height, TileOptions options, int columns, int rows, IReadOnlyList<Tile> tiles)
    {
        Width = width;
        Height = height;
        Options = options;
        Columns = columns;
        Rows = rows;
        Tiles = tiles;
        EmptyCount = tiles.Count(t => t.IsEmpty);
        OutsideAoiCount = tiles.Count(t => t.IsOutsideAoi);
    }

    public int Width { get; }

    public int Height { get; }

    public TileOptions Options { get; }

    public int Columns { get; }

    public int Rows { get; }

    public IReadOnlyList<Tile> Tiles { get; }

    public int EmptyCount { get; }

    public int OutsideAoiCount { get; }

    /// <summary>The tiles worth sending to the model.</summary>
    public IEnumerable<Tile> NonEmpty => Tiles.Where(t => !t.IsEmpty && !t.IsOutsideAoi);

    public Tile At(int gridCol, int gridRow) => Tiles[(gridRow * Columns) + gridCol];
}
