using NetTopologySuite.Geometries;

namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// Vectorizes a raster fed as strips of whole rows, top to bottom, into the polygons
/// <see cref="MaskVectorizer.VectorizeValues{T}"/> would give for the whole raster at once (one per
/// connected region of equal nonzero value), emitting each as soon as no later strip can add to it.
/// </summary>
/// <remarks>
/// Nothing is unioned at the seams. Every boundary edge of the raster belongs to exactly one strip
/// (vertical edges to the strip of their row; horizontal ones to the strip below the line, the last
/// strip also owning the raster's bottom line), and which edge follows which is fixed by the 2×2
/// pixels around their shared corner (the same hugging rule as <see cref="BoundaryTracer"/>). So each
/// strip traces its own edges into chains, and chains that leave a strip are linked to the chain
/// that goes on in the neighbouring strip by the key of the next edge: the whole ring comes out by
/// concatenation, in time linear in its length. Regions are joined across a seam by comparing the
/// strip's first row with the previous strip's last row (the only row carried over). Memory is one
/// strip plus the chains and region ids of the regions that reach the open bottom edge.
/// Feed strips in order, abutting, with the same width; not thread-safe.
/// </remarks>
internal sealed class StripVectorizer<T>
    where T : unmanaged, IEquatable<T>
{
    private const int East = 0, South = 1, West = 2, North = 3;

    private static readonly int[] Dx = [1, 0, -1, 0];
    private static readonly int[] Dy = [0, 1, 0, -1];

    private readonly int width;
    private readonly int height;
    private readonly Connectivity connectivity;
    private readonly PolygonAssembly assembly;
    private readonly MaskRuns runs = new();
    private readonly StripRegions<T> regions = new();
    private readonly Dictionary<long, BoundaryChain> chainsByFirstEdge = [];
    private readonly List<BoundaryChain> pending = [];
    private readonly List<BoundaryChain> traced = [];
    private readonly T[] previousRow;
    private byte[] edges = [];
    private int[] regionOfRun = [];
    private int[] regionOfRoot = [];
    private int[] componentRegionOfRoot = [];
    private int[] carriedStart = [];
    private int[] carriedEnd = [];
    private int[] carriedRegion = [];
    private int carriedCount;

    // The strip being added: rows [row0, row1) of the raster, in strip.
    private T[] strip = [];
    private int row0;
    private int row1;
    private bool last;

    public StripVectorizer(int width, int height, Connectivity connectivity, GeometryFactory? factory = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        this.width = width;
        this.height = height;
        this.connectivity = connectivity;
        assembly = new PolygonAssembly(factory ?? PixelSpace.Factory);
        previousRow = new T[width];
    }

    /// <summary>
    /// Adds rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="rows"/>)
    /// (row-major in <paramref name="values"/>, zero = no object) and hands every polygon finished by
    /// them, in scene pixel coordinates, to <paramref name="emit"/>.
    /// </summary>
    public void Add(T[] values, int firstRow, int rows, Action<VectorPolygon<T>> emit)
    {
        if (firstRow != row1 || rows <= 0 || firstRow + rows > height || values.Length < (long)rows * width)
        {
            throw new ArgumentException($"strips must abut in order: expected rows from {row1}, got {rows} from {firstRow}");
        }

        strip = values;
        row0 = firstRow;
        row1 = firstRow + rows;
        last = row1 == height;

        var touched = new HashSet<int>();
        NumberRegions(touched);
        JoinAcrossSeam(touched);
        BuildEdges();
        ResolvePending();
        Trace();
        foreach (var chain in traced)
        {
            regions.AddChain(chain);
        }

        var open = new HashSet<int>();
        if (!last)
        {
            for (int r = runs.RowFirst(rows - 1); r < runs.Count; r++)
            {
                open.Add(regions.FindComponent(regionOfRun[r]));
            }
        }

        foreach (int id in touched)
        {
            int root = regions.FindComponent(id);
            if (open.Add(root))
            {
                // Now in open too, so a component reached through several ids is emitted once.
                emit(Finish(root));
            }
        }

        Carry(rows);
    }

    /// <summary>Region ids for the strip's pieces; components and pixel counts joined within the strip.</summary>
    private void NumberRegions(HashSet<int> touched)
    {
        int rows = row1 - row0;
        runs.Build<T>(strip.AsSpan(0, rows * width), width, rows, connectivity, byValue: true);
        if (regionOfRun.Length < runs.Count)
        {
            int n = Math.Max(runs.Count, regionOfRun.Length * 2);
            regionOfRun = new int[n];
            regionOfRoot = new int[n];
            componentRegionOfRoot = new int[n];
        }

        Array.Fill(regionOfRoot, -1, 0, runs.Count);
        Array.Fill(componentRegionOfRoot, -1, 0, runs.Count);
        for (int y = 0; y < rows; y++)
        {
            for (int r = runs.RowFirst(y); r < runs.RowFirst(y + 1); r++)
            {
                int proot = runs.FindPiece(r);
                int id = regionOfRoot[proot];
                if (id < 0)
                {
                    id = regionOfRoot[proot] = regions.New(strip[(y * width) + runs.Start(r)]);
                    touched.Add(id);
                    int croot = runs.Find(r);
                    if (componentRegionOfRoot[croot] < 0)
                    {
                        componentRegionOfRoot[croot] = id;
                    }
                    else
                    {
                        regions.JoinComponents(componentRegionOfRoot[croot], id);
                    }
                }

                regionOfRun[r] = id;
                regions.AddPixels(id, runs.End(r) - runs.Start(r));
            }
        }
    }

    /// <summary>Joins the strip's first row to the previous strip's last row, as <see cref="MaskRuns"/> joins rows.</summary>
    private void JoinAcrossSeam(HashSet<int> touched)
    {
        int reach = connectivity == Connectivity.Eight ? 1 : 0;
        int a0 = 0;
        for (int b = 0; b < runs.RowFirst(1); b++)
        {
            int bs = runs.Start(b), be = runs.End(b);
            while (a0 < carriedCount && carriedEnd[a0] + reach <= bs)
            {
                a0++;
            }

            for (int a = a0; a < carriedCount && carriedStart[a] < be + reach; a++)
            {
                if (!previousRow[carriedStart[a]].Equals(strip[bs]))
                {
                    continue;
                }

                regions.JoinComponents(carriedRegion[a], regionOfRun[b]);
                if (carriedStart[a] < be && bs < carriedEnd[a])
                {
                    regions.JoinPieces(carriedRegion[a], regionOfRun[b]);
                }
            }
        }

        for (int a = 0; a < carriedCount; a++)
        {
            touched.Add(carriedRegion[a]);
        }
    }

    /// <summary>
    /// Edge bits of the corners on lines [row0, row1], only for the edges this strip owns: none
    /// leaving north from line row0 (they lie in the row above), and on line row1 only those leaving
    /// north, unless this is the last strip.
    /// </summary>
    private void BuildEdges()
    {
        int rows = row1 - row0, vw = width + 1;
        int n = (rows + 1) * vw;
        if (edges.Length < n)
        {
            edges = new byte[n];
        }

        for (int line = 0; line <= rows; line++)
        {
            var above = line == 0 ? previousRow.AsSpan() : strip.AsSpan((line - 1) * width, width);
            var below = line < rows ? strip.AsSpan(line * width, width) : default;
            int keep = line == 0 ? 0xF & ~(1 << North) : 0xF;
            if (line == rows && !last)
            {
                keep = 1 << North;
            }

            var bits = edges.AsSpan(line * vw, vw);
            if (line < rows && keep == 0xF)
            {
                CornerEdges.OfLine(above, below, bits);
            }
            else
            {
                CornerEdges.OfLine(above, below, line < rows, keep, bits);
            }
        }
    }

    /// <summary>Chains that reached the previous strip's bottom edge going south learn their next edge here.</summary>
    private void ResolvePending()
    {
        foreach (var chain in pending)
        {
            int x = chain.PendingX;
            T cls = Pixel(x - 1, row0 - 1);
            chain.End(South, Key(x, row0, Next(x, row0, South, cls)));
        }

        pending.Clear();
    }

    private void Trace()
    {
        traced.Clear();
        int rows = row1 - row0, vw = width + 1;
        for (int line = 0; line <= rows; line++)
        {
            int x = 0;
            while (true)
            {
                int skip = edges.AsSpan((line * vw) + x, vw - x).IndexOfAnyExcept((byte)0);
                if (skip < 0)
                {
                    break;
                }

                x += skip;
                int v = (line * vw) + x;
                while (edges[v] != 0)
                {
                    traced.Add(TraceChain(x, row0 + line, System.Numerics.BitOperations.TrailingZeroCount(edges[v])));
                }
            }
        }
    }

    /// <summary>Follows edges from (x0, y0, dir0) while they stay in this strip and are not yet traced.</summary>
    private BoundaryChain TraceChain(int x0, int y0, int dir0)
    {
        var (lx, ly) = LeftPixel(x0, y0, dir0);
        T cls = Pixel(lx, ly);
        var chain = new BoundaryChain(Key(x0, y0, dir0), dir0, RegionAt(lx, ly));
        chainsByFirstEdge.Add(chain.FirstEdge, chain);

        // A chain starting on the bottom line has its corner's lower pixels in the next strip: the
        // chain that arrives there sets the saddle flag (see the upward exit below).
        chain.Add(x0, y0, (y0 < row1 || last) && IsSaddle(x0, y0, cls));
        int vw = width + 1;
        int x = x0, y = y0, dir = dir0;
        while (true)
        {
            edges[((y - row0) * vw) + x] &= (byte)~(1 << dir);
            x += Dx[dir];
            y += Dy[dir];
            if (y == row1 && !last)
            {
                chain.Wait(dir, x);
                pending.Add(chain);
                return chain;
            }

            int next = Next(x, y, dir, cls);
            if (!Owned(y, next))
            {
                // Leaving north into the previous strip, whose chain starts with that edge.
                long key = Key(x, y, next);
                chainsByFirstEdge[key].Saddles[0] = IsSaddle(x, y, cls);
                chain.End(dir, key);
                return chain;
            }

            if ((edges[((y - row0) * vw) + x] & (1 << next)) == 0)
            {
                // Traced already: the edge starts an earlier chain of this strip (or this one).
                chain.End(dir, Key(x, y, next));
                return chain;
            }

            if (next != dir)
            {
                chain.Add(x, y, IsSaddle(x, y, cls));
            }

            dir = next;
        }
    }

    private bool Owned(int y, int dir) => dir switch
    {
        North => y > row0,
        South => y < row1,
        _ => y < row1 || last,
    };

    /// <summary>The edge after one arriving at corner (x, y) going <paramref name="dir"/>: keep hugging the same pixel.</summary>
    private int Next(int x, int y, int dir, T cls)
    {
        int left = (dir + 1) & 3, right = (dir + 3) & 3;
        if (Usable(x, y, left, cls))
        {
            return left;
        }

        if (Usable(x, y, dir, cls))
        {
            return dir;
        }

        if (Usable(x, y, right, cls))
        {
            return right;
        }

        throw new InvalidOperationException($"boundary open at corner ({x}, {y})");
    }

    private bool Usable(int x, int y, int dir, T cls)
    {
        var (lx, ly) = LeftPixel(x, y, dir);
        var (rx, ry) = RightPixel(x, y, dir);
        return Pixel(lx, ly).Equals(cls) && !Pixel(rx, ry).Equals(cls);
    }

    private bool IsSaddle(int x, int y, T cls)
    {
        bool se = Pixel(x, y).Equals(cls), sw = Pixel(x - 1, y).Equals(cls);
        bool nw = Pixel(x - 1, y - 1).Equals(cls), ne = Pixel(x, y - 1).Equals(cls);
        return se == nw && sw == ne && se != sw;
    }

    /// <summary>Pixel (x, y) of the scene: the strip, the previous strip's last row, or nothing.</summary>
    private T Pixel(int x, int y)
    {
        if ((uint)x >= (uint)width)
        {
            return default;
        }

        if (y >= row0 && y < row1)
        {
            return strip[((y - row0) * width) + x];
        }

        return y == row0 - 1 ? previousRow[x] : default;
    }

    private static (int X, int Y) LeftPixel(int x, int y, int dir) => dir switch
    {
        East => (x, y),
        South => (x - 1, y),
        West => (x - 1, y - 1),
        _ => (x, y - 1),
    };

    private static (int X, int Y) RightPixel(int x, int y, int dir) => dir switch
    {
        East => (x, y - 1),
        South => (x, y),
        West => (x - 1, y),
        _ => (x - 1, y - 1),
    };

    private long Key(int x, int y, int dir) => ((((long)y * (width + 1)) + x) * 4) + dir;

    /// <summary>The region of pixel (x, y), in this strip or the previous strip's last row.</summary>
    private int RegionAt(int x, int y)
    {
        if (y >= row0)
        {
            return regionOfRun[runs.RunAt(x, y - row0)];
        }

        int lo = 0, hi = carriedCount - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (carriedEnd[mid] <= x)
            {
                lo = mid + 1;
            }
            else if (carriedStart[mid] > x)
            {
                hi = mid - 1;
            }
            else
            {
                return carriedRegion[mid];
            }
        }

        throw new InvalidOperationException($"no region at ({x}, {y})");
    }

    /// <summary>Links a finished component's chains into rings and builds its polygon.</summary>
    private VectorPolygon<T> Finish(int root)
    {
        var (value, pixels, chains) = regions.Take(root);
        var pieces = new Dictionary<int, PieceRings>();
        var xy = new List<int>();
        var saddles = new List<bool>();
        foreach (var start in chains)
        {
            if (start.Assembled)
            {
                continue;
            }

            xy.Clear();
            saddles.Clear();
            var chain = start;
            int lastDir = -1;
            while (true)
            {
                chain.Assembled = true;
                chainsByFirstEdge.Remove(chain.FirstEdge);

                // A corner where the ring goes straight on is no vertex of the ring.
                int skip = lastDir == chain.FirstDir ? 1 : 0;
                for (int i = skip; i < chain.Saddles.Count; i++)
                {
                    xy.Add(chain.Xy[2 * i]);
                    xy.Add(chain.Xy[(2 * i) + 1]);
                    saddles.Add(chain.Saddles[i]);
                }

                lastDir = chain.LastDir;
                if (chain.NextEdge == start.FirstEdge)
                {
                    break;
                }

                chain = chainsByFirstEdge[chain.NextEdge];
            }

            int piece = regions.FindPiece(start.Piece);
            if (!pieces.TryGetValue(piece, out var rings))
            {
                pieces[piece] = rings = new PieceRings();
            }

            RingCutter.Cut(xy, saddles, rings);
        }

        return new VectorPolygon<T>(assembly.Build([.. pieces.Values], 0, 0), value, pixels);
    }

    /// <summary>Keeps the strip's last row and its runs' regions for joining the next strip.</summary>
    private void Carry(int rows)
    {
        strip.AsSpan((rows - 1) * width, width).CopyTo(previousRow);
        int first = runs.RowFirst(rows - 1);
        carriedCount = runs.Count - first;
        if (carriedStart.Length < carriedCount)
        {
            carriedStart = new int[carriedCount * 2];
            carriedEnd = new int[carriedCount * 2];
            carriedRegion = new int[carriedCount * 2];
        }

        for (int i = 0; i < carriedCount; i++)
        {
            carriedStart[i] = runs.Start(first + i);
            carriedEnd[i] = runs.End(first + i);
            carriedRegion[i] = regionOfRun[first + i];
        }
    }
}
