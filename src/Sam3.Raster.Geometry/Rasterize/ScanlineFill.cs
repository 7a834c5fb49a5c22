namespace Sam3.Raster.Geometry.Rasterize;

/// <summary>
/// Which pixels a <see cref="PixelPolygon"/> covers, row by row: a pixel is covered when its centre
/// lies inside by the even-odd rule over all rings (so holes stay empty and the parts of a
/// multipolygon fill), as <c>gdal_rasterize</c> decides without ALL_TOUCHED, including its rule for
/// a centre exactly on an edge (x: covered when left &lt; centre ≤ right; y: an edge counts for
/// rows with its lower y ≤ centre &lt; its upper y). An active-edge sweep: a row costs its crossing
/// edges, not the whole outline. One instance per thread; its buffers are reused.
/// </summary>
public sealed class ScanlineFill
{
    private readonly List<Edge> edges = [];
    private readonly List<Edge> active = [];
    private double[] crossings = new double[16];

    /// <summary>Appends the covered spans of rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>), clipped to columns [0, <paramref name="width"/>).</summary>
    public void Spans(PixelPolygon polygon, int rowStart, int rowEnd, int width, List<PixelSpan> output)
    {
        rowStart = Math.Max(rowStart, polygon.FirstRow);
        rowEnd = Math.Min(rowEnd, polygon.EndRow);
        if (rowStart >= rowEnd)
        {
            return;
        }

        CollectEdges(polygon, rowStart, rowEnd);
        active.Clear();
        int next = 0;
        for (int row = rowStart; row < rowEnd; row++)
        {
            while (next < edges.Count && edges[next].FirstRow <= row)
            {
                active.Add(edges[next++]);
            }

            int kept = 0;
            for (int i = 0; i < active.Count; i++)
            {
                if (active[i].EndRow > row)
                {
                    active[kept++] = active[i];
                }
            }

            active.RemoveRange(kept, active.Count - kept);
            if (active.Count > crossings.Length)
            {
                crossings = new double[active.Count * 2];
            }

            double centre = row + 0.5;
            for (int i = 0; i < active.Count; i++)
            {
                crossings[i] = active[i].XAt(centre);
            }

            var xs = crossings.AsSpan(0, active.Count);
            xs.Sort();
            for (int i = 0; i + 1 < xs.Length; i += 2)
            {
                // Covered: left < c + 0.5 ≤ right, i.e. floor(left + 0.5) ≤ c < floor(right + 0.5).
                int start = (int)Math.Clamp(Math.Floor(xs[i] + 0.5), 0, width);
                int end = (int)Math.Clamp(Math.Floor(xs[i + 1] + 0.5), 0, width);
                if (start < end)
                {
                    output.Add(new PixelSpan(row, start, end));
                }
            }
        }
    }

    private void CollectEdges(PixelPolygon polygon, int rowStart, int rowEnd)
    {
        edges.Clear();
        var xs = polygon.Xs;
        var ys = polygon.Ys;
        int ringStart = 0;
        foreach (int ringEnd in polygon.RingEnds)
        {
            for (int i = ringStart; i + 1 < ringEnd; i++)
            {
                double y0 = ys[i], y1 = ys[i + 1];
                if (y0 == y1)
                {
                    continue;
                }

                double low = Math.Min(y0, y1), high = Math.Max(y0, y1);
                int first = Math.Max(rowStart, (int)Math.Clamp(Math.Ceiling(low - 0.5), int.MinValue, int.MaxValue));
                int end = Math.Min(rowEnd, (int)Math.Clamp(Math.Ceiling(high - 0.5), int.MinValue, int.MaxValue));
                if (first < end)
                {
                    edges.Add(new Edge(first, end, xs[i], y0, (xs[i + 1] - xs[i]) / (y1 - y0)));
                }
            }

            ringStart = ringEnd;
        }

        edges.Sort(static (a, b) => a.FirstRow.CompareTo(b.FirstRow));
    }

    /// <summary>An edge crossing the centres of rows [FirstRow, EndRow): x = X0 + (y − Y0)·Slope.</summary>
    private readonly record struct Edge(int FirstRow, int EndRow, double X0, double Y0, double Slope)
    {
        public double XAt(double y) => X0 + ((y - Y0) * Slope);
    }
}
