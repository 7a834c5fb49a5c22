namespace Sam3.Raster.Tiling.Tiles;

/// <summary>
/// The tiling of one axis: window starts and sizes, and core boundaries. Splitting the 2-D plan
/// into two independent 1-D problems is what makes "cores partition the scene" easy to prove.
/// </summary>
internal sealed class TileAxis
{
    private TileAxis(int[] starts, int size, int[] coreStarts, int[] coreEnds)
    {
        Starts = starts;
        Size = size;
        CoreStarts = coreStarts;
        CoreEnds = coreEnds;
    }

    public int[] Starts { get; }

    /// <summary>Every window on this axis has this size: the tile size, or the whole extent if smaller.</summary>
    public int Size { get; }

    public int[] CoreStarts { get; }

    public int[] CoreEnds { get; }

    public int Count => Starts.Length;

    public static TileAxis Plan(int extent, TileOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(extent, 1);
        int t = options.TileSize, s = options.Stride;
        if (extent <= t)
        {
            // Smaller than one tile: one window over the whole extent; the patch is padded.
            return new TileAxis([0], extent, [0], [extent]);
        }

        // n tiles at 0, s, 2s, …; the last one is moved back to end exactly at the edge. With
        // n = ceil((extent − overlap) / stride) the last two still overlap by ≥ overlap (see tests).
        int n = (int)Math.Ceiling((extent - options.Overlap) / (double)s);
        var starts = new int[n];
        for (int i = 0; i < n; i++)
        {
            starts[i] = Math.Min(i * s, extent - t);
        }

        // Core boundary between i and i+1: the midpoint of their overlap. For regular neighbours
        // that is "window minus half the overlap"; for the shifted last tile, whose overlap is
        // larger, the midpoint keeps the partition exact.
        var coreStarts = new int[n];
        var coreEnds = new int[n];
        coreStarts[0] = 0;
        coreEnds[n - 1] = extent;
        for (int i = 0; i + 1 < n; i++)
        {
            int boundary = (starts[i + 1] + starts[i] + t) / 2;
            coreEnds[i] = boundary;
            coreStarts[i + 1] = boundary;
        }

        return new TileAxis(starts, t, coreStarts, coreEnds);
    }
}
