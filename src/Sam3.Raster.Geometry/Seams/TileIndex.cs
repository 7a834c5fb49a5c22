using NetTopologySuite.Geometries;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// A scene's tiles, found by area: the tiles whose windows overlap a rectangle are a scan of the
/// grid's column and row extents, not of every tile.
/// </summary>
public sealed class TileIndex
{
    private readonly (int Start, int End)[] colRanges;
    private readonly (int Start, int End)[] rowRanges;
    private readonly Dictionary<(int, int), List<SeamTile>> byCell = [];

    public TileIndex(IEnumerable<SeamTile> tiles)
    {
        Tiles = tiles.ToDictionary(t => t.Id);
        if (Tiles.Count == 0)
        {
            throw new ArgumentException("a scene needs at least one tile", nameof(tiles));
        }

        int cols = Tiles.Values.Max(t => t.GridCol) + 1, rows = Tiles.Values.Max(t => t.GridRow) + 1;
        colRanges = Enumerable.Repeat((int.MaxValue, int.MinValue), cols).ToArray();
        rowRanges = Enumerable.Repeat((int.MaxValue, int.MinValue), rows).ToArray();
        foreach (var t in Tiles.Values)
        {
            colRanges[t.GridCol] = (Math.Min(colRanges[t.GridCol].Start, t.Window.Col), Math.Max(colRanges[t.GridCol].End, t.Window.Right));
            rowRanges[t.GridRow] = (Math.Min(rowRanges[t.GridRow].Start, t.Window.Row), Math.Max(rowRanges[t.GridRow].End, t.Window.Bottom));
            if (!byCell.TryGetValue((t.GridCol, t.GridRow), out var list))
            {
                byCell[(t.GridCol, t.GridRow)] = list = [];
            }

            list.Add(t);
        }
    }

    public IReadOnlyDictionary<int, SeamTile> Tiles { get; }

    /// <summary>Tiles whose windows share pixels with the rectangle [minX, maxX) × [minY, maxY) (scene pixels).</summary>
    public IEnumerable<SeamTile> Overlapping(Envelope e)
    {
        for (int gc = 0; gc < colRanges.Length; gc++)
        {
            if (colRanges[gc].Start >= e.MaxX || colRanges[gc].End <= e.MinX)
            {
                continue;
            }

            for (int gr = 0; gr < rowRanges.Length; gr++)
            {
                if (rowRanges[gr].Start >= e.MaxY || rowRanges[gr].End <= e.MinY || !byCell.TryGetValue((gc, gr), out var cell))
                {
                    continue;
                }

                foreach (var t in cell)
                {
                    if (t.Window.Col < e.MaxX && t.Window.Right > e.MinX && t.Window.Row < e.MaxY && t.Window.Bottom > e.MinY)
                    {
                        yield return t;
                    }
                }
            }
        }
    }

    public static Envelope ToEnvelope(PixelWindow w) => new(w.Col, w.Right, w.Row, w.Bottom);
}
