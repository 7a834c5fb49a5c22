using Sam3.Raster.Geometry.Seams;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Tests.Support;

/// <summary>
/// The tiling rule of DESIGN.md §3: windows of a fixed size stepping by size − overlap, the last one
/// shifted back to end at the scene edge; cores split each overlap in the middle, so they partition the scene.
/// </summary>
internal static class TileGrid
{
    public static List<SeamTile> Build(int width, int height, int size, int overlap)
    {
        var cols = Starts(width, size, overlap);
        var rows = Starts(height, size, overlap);
        var colCores = Cores(cols, width, size);
        var rowCores = Cores(rows, height, size);
        var tiles = new List<SeamTile>();
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < cols.Count; c++)
            {
                var window = new PixelWindow(cols[c], rows[r], Math.Min(size, width), Math.Min(size, height));
                var core = new PixelWindow(colCores[c].Start, rowCores[r].Start, colCores[c].End - colCores[c].Start, rowCores[r].End - rowCores[r].Start);
                tiles.Add(new SeamTile(tiles.Count, c, r, window, core));
            }
        }

        return tiles;
    }

    private static List<int> Starts(int extent, int size, int overlap)
    {
        var starts = new List<int> { 0 };
        while (starts[^1] + size < extent)
        {
            starts.Add(Math.Min(starts[^1] + size - overlap, extent - size));
        }

        return starts;
    }

    private static List<(int Start, int End)> Cores(List<int> starts, int extent, int size)
    {
        var cores = new List<(int, int)>();
        for (int i = 0; i < starts.Count; i++)
        {
            int s = i == 0 ? 0 : (starts[i] + starts[i - 1] + size) / 2;
            int e = i == starts.Count - 1 ? extent : (starts[i + 1] + starts[i] + size) / 2;
            cores.Add((s, e));
        }

        return cores;
    }
}
