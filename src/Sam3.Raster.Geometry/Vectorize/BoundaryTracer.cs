namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// Follows the pixel-edge boundaries of a mask into simple closed rings of integer corner
/// coordinates, with the object on the left (positive signed area for outer rings in pixel space,
/// negative for holes).
/// </summary>
/// <remarks>
/// Directed edges are kept as four bits per pixel corner (east, south, west, north), so the whole
/// trace is one pass over the corners plus one step per boundary edge, with no per-pixel objects.
/// At a saddle corner (two diagonal object pixels, two diagonal others) the tracer always keeps
/// hugging the pixel it came along, so each ring bounds one edge-connected piece, whose interior is
/// connected: that is what makes a valid Polygon. A ring that comes back to a corner it already
/// passed is cut there, so every ring is simple; a cut loop is a hole touching its shell at that one
/// corner, which OGC validity allows. 8-connectivity then groups pieces that meet at corners into
/// one MultiPolygon (parts touching at points, also valid) — see <see cref="MaskVectorizer"/>.
/// </remarks>
internal sealed class BoundaryTracer
{
    private const int East = 0, South = 1, West = 2, North = 3;

    private static readonly int[] Dx = [1, 0, -1, 0];
    private static readonly int[] Dy = [0, 1, 0, -1];

    private byte[] edges = [];
    private int[] ring = new int[256];
    private int ringLength;
    private readonly List<(int Vertex, int Index)> saddles = [];

    /// <summary>Called for each finished ring: corner coordinates as x0,y0,x1,y1… (not closed), and a pixel on its left.</summary>
    public delegate void RingSink(ReadOnlySpan<int> xy, int leftCol, int leftRow);

    public void Trace<T>(ReadOnlySpan<T> mask, int width, int height, bool byValue, RingSink sink)
        where T : unmanaged, IEquatable<T>
    {
        int vw = width + 1, vh = height + 1;
        int n = vw * vh;
        if (edges.Length < n)
        {
            edges = new byte[n];
        }

        BuildEdges(mask, width, height, byValue);

        for (int v = 0; v < n; v++)
        {
            while (edges[v] != 0)
            {
                int dir = System.Numerics.BitOperations.TrailingZeroCount(edges[v]);
                TraceFrom(mask, width, height, v % vw, v / vw, dir, byValue, sink);
            }
        }
    }

    /// <summary>
    /// Pixel class at (x, y): 0 outside the mask. The four pixels around corner (x, y) in the order
    /// SE, SW, NW, NE are the left-hand pixels of the edges leaving it east, south, west, north.
    /// </summary>
    private static T Pixel<T>(ReadOnlySpan<T> mask, int width, int height, int x, int y)
        where T : unmanaged => (uint)x < (uint)width && (uint)y < (uint)height ? mask[(y * width) + x] : default;

    private static bool Same<T>(T a, T b, bool byValue)
        where T : unmanaged, IEquatable<T> => byValue ? a.Equals(b) : a.Equals(default) == b.Equals(default);

    private void BuildEdges<T>(ReadOnlySpan<T> mask, int width, int height, bool byValue)
        where T : unmanaged, IEquatable<T>
    {
        int vw = width + 1;
        for (int y = 0; y <= height; y++)
        {
            var above = y > 0 ? mask.Slice((y - 1) * width, width) : default;
            var below = y < height ? mask.Slice(y * width, width) : default;
            int rowBase = y * vw;
            T nw = default, sw = default;
            for (int x = 0; x <= width; x++)
            {
                T ne = x < width && y > 0 ? above[x] : default;
                T se = x < width && y < height ? below[x] : default;

                // Corners: SE=0, SW=1, NW=2, NE=3; the edge leaving in direction d has corner d on
                // its left and corner d-1 on its right, and exists where they differ.
                int bits = 0;
                if (!se.Equals(default) && !Same(se, ne, byValue))
                {
                    bits |= 1 << East;
                }

                if (!sw.Equals(default) && !Same(sw, se, byValue))
                {
                    bits |= 1 << South;
                }

                if (!nw.Equals(default) && !Same(nw, sw, byValue))
                {
                    bits |= 1 << West;
                }

                if (!ne.Equals(default) && !Same(ne, nw, byValue))
                {
                    bits |= 1 << North;
                }

                edges[rowBase + x] = (byte)bits;
                nw = ne;
                sw = se;
            }
        }
    }

    /// <summary>The pixel on the left of the edge leaving corner (x, y) in direction <paramref name="dir"/>.</summary>
    private static (int X, int Y) LeftPixel(int x, int y, int dir) => dir switch
    {
        East => (x, y),
        South => (x - 1, y),
        West => (x - 1, y - 1),
        _ => (x, y - 1),
    };

    private void TraceFrom<T>(ReadOnlySpan<T> mask, int width, int height, int x0, int y0, int dir0, bool byValue, RingSink sink)
        where T : unmanaged, IEquatable<T>
    {
        int vw = width + 1;
        var (lx, ly) = LeftPixel(x0, y0, dir0);
        T cls = Pixel(mask, width, height, lx, ly);

        ringLength = 0;
        saddles.Clear();
        int x = x0, y = y0, dir = dir0;
        int startVertex = (y0 * vw) + x0;
        if (IsSaddleCorner(mask, width, height, x0, y0, cls, byValue))
        {
            saddles.Add((startVertex, 0));
        }

        Push(x0, y0);
        while (true)
        {
            // Walk the edge (consume it) to the next corner.
            edges[(y * vw) + x] &= (byte)~(1 << dir);
            x += Dx[dir];
            y += Dy[dir];
            int v = (y * vw) + x;

            int next = NextDirection(mask, width, height, edges[v], x, y, dir, cls, byValue);
            if (next < 0)
            {
                // Back at the start with its edge consumed: the ring is closed.
                break;
            }

            if (next != dir)
            {
                bool saddle = IsSaddleCorner(mask, width, height, x, y, cls, byValue);
                if (saddle && TryCut(v, sink, lx, ly))
                {
                    dir = next;
                    continue;
                }

                Push(x, y);
                if (saddle)
                {
                    saddles.Add((v, ringLength - 1));
                }
            }

            dir = next;
        }

        EmitRing(sink, 0, lx, ly);
    }

    /// <summary>Whether corner (x, y) has two diagonal object pixels and two diagonal others.</summary>
    private static bool IsSaddleCorner<T>(ReadOnlySpan<T> mask, int width, int height, int x, int y, T cls, bool byValue)
        where T : unmanaged, IEquatable<T>
    {
        bool se = InClass(Pixel(mask, width, height, x, y), cls, byValue), sw = InClass(Pixel(mask, width, height, x - 1, y), cls, byValue);
        bool nw = InClass(Pixel(mask, width, height, x - 1, y - 1), cls, byValue), ne = InClass(Pixel(mask, width, height, x, y - 1), cls, byValue);
        return se == nw && sw == ne && se != sw;
    }

    private static bool InClass<T>(T pixel, T cls, bool byValue)
        where T : unmanaged, IEquatable<T> => byValue ? pixel.Equals(cls) : !pixel.Equals(default);

    private int NextDirection<T>(ReadOnlySpan<T> mask, int width, int height, byte bits, int x, int y, int dir, T cls, bool byValue)
        where T : unmanaged, IEquatable<T>
    {
        // Candidates in order of preference; the edge must exist, be unconsumed and have the same
        // class on its left (other classes' edges may leave the same corner).
        int left = (dir + 1) & 3, right = (dir + 3) & 3;
        int first = left, last = right;
        if (Usable(mask, width, height, bits, x, y, first, cls, byValue))
        {
            return first;
        }

        if (Usable(mask, width, height, bits, x, y, dir, cls, byValue))
        {
            return dir;
        }

        return Usable(mask, width, height, bits, x, y, last, cls, byValue) ? last : -1;
    }

    private static bool Usable<T>(ReadOnlySpan<T> mask, int width, int height, byte bits, int x, int y, int d, T cls, bool byValue)
        where T : unmanaged, IEquatable<T>
    {
        if ((bits & (1 << d)) == 0)
        {
            return false;
        }

        if (!byValue)
        {
            // Every edge of a binary mask has an object pixel on its left.
            return true;
        }

        var (px, py) = LeftPixel(x, y, d);
        return InClass(Pixel(mask, width, height, px, py), cls, byValue);
    }

    private void Push(int x, int y)
    {
        if ((ringLength + 1) * 2 > ring.Length)
        {
            Array.Resize(ref ring, ring.Length * 2);
        }

        ring[ringLength * 2] = x;
        ring[(ringLength * 2) + 1] = y;
        ringLength++;
    }

    /// <summary>Cuts the loop closed by coming back to saddle <paramref name="v"/>, if it was passed before.</summary>
    private bool TryCut(int v, RingSink sink, int lx, int ly)
    {
        for (int i = saddles.Count - 1; i >= 0; i--)
        {
            if (saddles[i].Vertex != v)
            {
                continue;
            }

            int index = saddles[i].Index;
            saddles.RemoveRange(i, saddles.Count - i);
            EmitRing(sink, index, lx, ly);
            ringLength = index + 1;
            return true;
        }

        return false;
    }

    private void EmitRing(RingSink sink, int from, int lx, int ly)
    {
        sink(ring.AsSpan(from * 2, (ringLength - from) * 2), lx, ly);
    }
}
