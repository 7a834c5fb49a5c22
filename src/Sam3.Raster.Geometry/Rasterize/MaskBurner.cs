namespace Sam3.Raster.Geometry.Rasterize;

/// <summary>Receives one finished block: its window and its values, row by row.</summary>
public delegate void BlockSink(int col, int row, int width, int height, ReadOnlySpan<uint> values);

/// <summary>
/// Burns polygons into a raster block by block: one strip of block rows at a time, the polygons that
/// reach into the strip are turned into spans (<see cref="ScanlineFill"/>), the spans sorted into
/// their block columns, and each block that any span touches is filled and handed to the sink; blocks
/// no polygon touches are never produced (they are all zero). Memory: one block and one strip's
/// spans, never the raster. Where polygons overlap, the one later in the list wins.
/// </summary>
public sealed class MaskBurner
{
    private readonly int width;
    private readonly int height;
    private readonly int blockSize;

    public MaskBurner(int width, int height, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        this.width = width;
        this.height = height;
        this.blockSize = blockSize;
    }

    /// <summary>Burns <paramref name="polygons"/> in order (a later one overwrites an earlier one) and returns the number of blocks written.</summary>
    public int Burn(IReadOnlyList<(PixelPolygon Polygon, uint Value)> polygons, BlockSink sink)
    {
        int strips = (height + blockSize - 1) / blockSize;
        int blockCols = (width + blockSize - 1) / blockSize;
        var byStrip = IndexByStrip(polygons, strips);
        var fill = new ScanlineFill();
        var spans = new List<PixelSpan>();
        var perBlock = Enumerable.Range(0, blockCols).Select(_ => new List<(PixelSpan Span, uint Value)>()).ToArray();
        var block = new uint[blockSize * blockSize];
        int written = 0;
        for (int s = 0; s < strips; s++)
        {
            if (byStrip[s] is not { } inStrip)
            {
                continue;
            }

            int rowStart = s * blockSize, rowEnd = Math.Min(height, rowStart + blockSize);
            foreach (int p in inStrip)
            {
                spans.Clear();
                fill.Spans(polygons[p].Polygon, rowStart, rowEnd, width, spans);
                foreach (var span in spans)
                {
                    for (int b = span.ColStart / blockSize; b * blockSize < span.ColEnd; b++)
                    {
                        int start = Math.Max(span.ColStart, b * blockSize), end = Math.Min(span.ColEnd, (b + 1) * blockSize);
                        perBlock[b].Add((span with { ColStart = start, ColEnd = end }, polygons[p].Value));
                    }
                }
            }

            for (int b = 0; b < blockCols; b++)
            {
                if (perBlock[b].Count == 0)
                {
                    continue;
                }

                int colStart = b * blockSize, w = Math.Min(width, colStart + blockSize) - colStart, h = rowEnd - rowStart;
                var values = block.AsSpan(0, w * h);
                values.Clear();
                foreach (var (span, value) in perBlock[b])
                {
                    values.Slice(((span.Row - rowStart) * w) + span.ColStart - colStart, span.ColEnd - span.ColStart).Fill(value);
                }

                sink(colStart, rowStart, w, h, values);
                perBlock[b].Clear();
                written++;
            }
        }

        return written;
    }

    /// <summary>Per strip of block rows, the polygons reaching into it, in burn order (null where none do).</summary>
    private List<int>?[] IndexByStrip(IReadOnlyList<(PixelPolygon Polygon, uint Value)> polygons, int strips)
    {
        var byStrip = new List<int>?[strips];
        for (int p = 0; p < polygons.Count; p++)
        {
            var polygon = polygons[p].Polygon;
            int first = Math.Max(0, polygon.FirstRow), end = Math.Min(height, polygon.EndRow);
            if (first >= end)
            {
                continue;
            }

            for (int s = first / blockSize; s <= (end - 1) / blockSize; s++)
            {
                (byStrip[s] ??= []).Add(p);
            }
        }

        return byStrip;
    }
}
