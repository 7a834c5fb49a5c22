using System.Runtime.ExceptionServices;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Reading;

namespace Sam3.Raster.Tiling.Tiles;

/// <summary>Cuts a scene into a <see cref="TilePlan"/>.</summary>
public static class TilePlanner
{
    /// <summary>The geometric plan alone: no tile is marked empty.</summary>
    public static TilePlan Plan(int width, int height, TileOptions options)
    {
        var cols = TileAxis.Plan(width, options);
        var rows = TileAxis.Plan(height, options);
        var tiles = new Tile[cols.Count * rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < cols.Count; c++)
            {
                int id = (r * cols.Count) + c;
                tiles[id] = new Tile(
                    id, c, r,
                    new PixelWindow(cols.Starts[c], rows.Starts[r], cols.Size, rows.Size),
                    new PixelWindow(cols.CoreStarts[c], rows.CoreStarts[r], cols.CoreEnds[c] - cols.CoreStarts[c], rows.CoreEnds[r] - rows.CoreStarts[r]));
            }
        }

        return new TilePlan(width, height, options, cols.Count, rows.Count, tiles);
    }

    /// <summary>
    /// The plan of a dataset, with tiles whose whole window is nodata in every selected band marked
    /// empty. That costs one Byte mask read per tile, and only when some selected band has a mask.
    /// </summary>
    public static TilePlan Plan(RasterDataset dataset, BandSelection bands, TileOptions options)
    {
        var plan = Plan(dataset.Width, dataset.Height, options);
        var detector = new EmptyTileDetector(dataset, bands);
        if (!detector.CanBeEmpty)
        {
            return plan;
        }

        return MarkEmpty(plan, t => detector.IsEmpty(t.Window));
    }

    /// <summary>
    /// The same plan, the empty-tile detection spread over up to <paramref name="parallelism"/>
    /// threads of its own, a row of tiles at a time, each thread on its own dataset from
    /// <paramref name="openAnother"/> (GDAL handles are not thread-safe). Detection costs about one
    /// block decode per tile, so on a large scene it is the job's whole start-up.
    /// </summary>
    public static TilePlan Plan(RasterDataset dataset, BandSelection bands, TileOptions options, Func<RasterDataset> openAnother, int parallelism) =>
        Plan(dataset, bands, options, openAnother, parallelism, meetsAoi: null);

    /// <summary>
    /// The same plan, where tiles whose window fails <paramref name="meetsAoi"/> are marked outside the
    /// area of interest before anything is read: they are never read, not even by the empty-tile
    /// detection. Null: every tile is inside.
    /// </summary>
    public static TilePlan Plan(RasterDataset dataset, BandSelection bands, TileOptions options, Func<RasterDataset> openAnother, int parallelism, Func<PixelWindow, bool>? meetsAoi)
    {
        ArgumentNullException.ThrowIfNull(openAnother);
        var plan = Plan(dataset.Width, dataset.Height, options);
        if (meetsAoi is not null)
        {
            plan = new TilePlan(plan.Width, plan.Height, plan.Options, plan.Columns, plan.Rows, [.. plan.Tiles.Select(t => meetsAoi(t.Window) ? t : t with { IsOutsideAoi = true })]);
        }

        var detector = new EmptyTileDetector(dataset, bands);
        if (!detector.CanBeEmpty)
        {
            return plan;
        }

        if (parallelism <= 1 || plan.Rows <= 1)
        {
            return MarkEmpty(plan, t => !t.IsOutsideAoi && detector.IsEmpty(t.Window));
        }

        var empty = new bool[plan.Tiles.Count];
        int nextRow = -1;
        ExceptionDispatchInfo? failure = null;
        void DetectRows()
        {
            try
            {
                using var own = openAnother();
                var detector = new EmptyTileDetector(own, bands);
                for (int row; Volatile.Read(ref failure) is null && (row = Interlocked.Increment(ref nextRow)) < plan.Rows;)
                {
                    for (int col = 0; col < plan.Columns; col++)
                    {
                        var tile = plan.At(col, row);
                        empty[tile.Id] = !tile.IsOutsideAoi && detector.IsEmpty(tile.Window);
                    }
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
            }
        }

        // Threads of their own, not the thread pool's: the reads block for as long as the plan takes
        // (seconds on a large scene), and on a small node the pool's few threads also run the actor
        // system; held by Parallel.For they delayed the cluster's sharding coordinator until its
        // regions logged warnings.
        var threads = Enumerable.Range(0, Math.Min(parallelism, plan.Rows))
            .Select(i => new Thread(DetectRows) { IsBackground = true, Name = $"sam3r.plan-{i}" })
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        failure?.Throw();
        return MarkEmpty(plan, t => empty[t.Id]);
    }

    private static TilePlan MarkEmpty(TilePlan plan, Func<Tile, bool> isEmpty) =>
        new(plan.Width, plan.Height, plan.Options, plan.Columns, plan.Rows, [.. plan.Tiles.Select(t => isEmpty(t) ? t with { IsEmpty = true } : t)]);
}
