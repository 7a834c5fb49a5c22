namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// Connected components of a mask as horizontal runs joined by union–find: one pass over the
/// pixels, memory proportional to the number of runs, no per-pixel objects. A run is a maximal
/// stretch of one row whose pixels share a class (nonzero, or equal value when
/// <c>byValue</c> is set). Two partitions are kept: edge-connected pieces (<see cref="FindPiece"/>),
/// which become polygons, and the components of the asked connectivity (<see cref="Find"/>), which
/// become features; they differ only for 8-connectivity, where pieces meeting at corners form one
/// component.
/// </summary>
internal sealed class MaskRuns
{
    private int[] runStart = new int[1024];
    private int[] runEnd = new int[1024];
    private int[] componentParent = new int[1024];
    private int[] pieceParent = new int[1024];
    private int[] rowFirst = [];
    private int count;

    public int Count => count;

    public int Start(int run) => runStart[run];

    public int End(int run) => runEnd[run];

    /// <summary>Index of the first run of row <paramref name="row"/>; runs of a row are sorted by column.</summary>
    public int RowFirst(int row) => rowFirst[row];

    public void Build<T>(ReadOnlySpan<T> mask, int width, int height, Connectivity connectivity, bool byValue)
        where T : unmanaged, IEquatable<T>
    {
        count = 0;
        if (rowFirst.Length < height + 1)
        {
            rowFirst = new int[height + 1];
        }

        // 8-connected runs of adjacent rows meet when they overlap or touch diagonally.
        int reach = connectivity == Connectivity.Eight ? 1 : 0;
        for (int y = 0; y < height; y++)
        {
            rowFirst[y] = count;
            var row = mask.Slice(y * width, width);
            // Vectorized scans: skip the background, then find where the run's class changes.
            int x = 0;
            while (x < width)
            {
                int gap = row[x..].IndexOfAnyExcept(default(T));
                if (gap < 0)
                {
                    break;
                }

                int s = x + gap;
                T v = row[s];
                int len = byValue ? row[(s + 1)..].IndexOfAnyExcept(v) : row[(s + 1)..].IndexOf(default(T));
                x = len < 0 ? width : s + 1 + len;
                Add(s, x);
            }

            if (y > 0)
            {
                JoinRows(mask, width, y, 0, byValue, pieceParent);
                JoinRows(mask, width, y, reach, byValue, componentParent);
            }
        }

        rowFirst[height] = count;
    }

    /// <summary>The component (root run) of a run; path halving keeps this near O(1).</summary>
    public int Find(int run) => Find(componentParent, run);

    /// <summary>The edge-connected piece (root run) of a run.</summary>
    public int FindPiece(int run) => Find(pieceParent, run);

    private static int Find(int[] p, int run)
    {
        while (p[run] != run)
        {
            p[run] = p[p[run]];
            run = p[run];
        }

        return run;
    }

    /// <summary>The run of row <paramref name="row"/> that holds column <paramref name="col"/>, or -1.</summary>
    public int RunAt(int col, int row)
    {
        int lo = rowFirst[row], hi = rowFirst[row + 1] - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (runEnd[mid] <= col)
            {
                lo = mid + 1;
            }
            else if (runStart[mid] > col)
            {
                hi = mid - 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    private void Add(int start, int end)
    {
        if (count == runStart.Length)
        {
            int n = count * 2;
            Array.Resize(ref runStart, n);
            Array.Resize(ref runEnd, n);
            Array.Resize(ref componentParent, n);
            Array.Resize(ref pieceParent, n);
        }

        runStart[count] = start;
        runEnd[count] = end;
        componentParent[count] = count;
        pieceParent[count] = count;
        count++;
    }

    private void JoinRows<T>(ReadOnlySpan<T> mask, int width, int y, int reach, bool byValue, int[] parent)
        where T : unmanaged, IEquatable<T>
    {
        // For each run below, the runs above that overlap it (or touch it at a corner when reach is 1).
        // Runs of different values can abut, so a run above may meet several below and vice versa.
        int aLo = rowFirst[y - 1], aEnd = rowFirst[y];
        for (int b = aEnd; b < count; b++)
        {
            while (aLo < aEnd && runEnd[aLo] + reach <= runStart[b])
            {
                aLo++;
            }

            for (int a = aLo; a < aEnd && runStart[a] < runEnd[b] + reach; a++)
            {
                if (!byValue || mask[((y - 1) * width) + runStart[a]].Equals(mask[(y * width) + runStart[b]]))
                {
                    Union(parent, a, b);
                }
            }
        }
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra != rb)
        {
            // The smaller index becomes the root so components are numbered in scan order.
            if (ra < rb)
            {
                parent[rb] = ra;
            }
            else
            {
                parent[ra] = rb;
            }
        }
    }
}
