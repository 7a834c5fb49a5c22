namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// Directed boundary edges of one line of pixel corners, as four bits per corner (east, south, west,
/// north: the edges leaving it with an object pixel on their left and another class on their right),
/// from the rows above and below the line.
/// </summary>
internal static class CornerEdges
{
    private const int East = 0, South = 1, West = 2, North = 3;

    /// <summary>
    /// Edge bits of one corner line between two rows. Where the rows agree the line has no horizontal
    /// edges, and where they also stay constant no vertical ones: those stretches are found with
    /// vectorized scans and only the corners where a value changes are looked at.
    /// </summary>
    public static void OfLine<T>(ReadOnlySpan<T> above, ReadOnlySpan<T> below, Span<byte> bits)
        where T : unmanaged, IEquatable<T>
    {
        int width = above.Length;
        bits.Clear();
        int x = 0;
        while (x < width)
        {
            int same = above[x..].CommonPrefixLength(below[x..]);
            if (same > 0)
            {
                // Rows equal on [x, x + same): only the corners where the value changes have edges.
                int end = x + same;
                if (x > 0 || !below[0].Equals(default))
                {
                    SetCorner(above, below, x, bits);
                }

                int c = x + 1;
                while (c < end)
                {
                    int run = below[c..end].IndexOfAnyExcept(below[c - 1]);
                    if (run < 0)
                    {
                        break;
                    }

                    c += run;
                    SetCorner(above, below, c, bits);
                    c++;
                }

                x = end;
                continue;
            }

            SetCorner(above, below, x, bits);
            x++;
        }

        SetCorner(above, below, width, bits);
    }

    /// <summary>Edge bits of corner x of a line between two full rows.</summary>
    private static void SetCorner<T>(ReadOnlySpan<T> above, ReadOnlySpan<T> below, int x, Span<byte> bits)
        where T : unmanaged, IEquatable<T>
    {
        int width = above.Length;
        T ne = x < width ? above[x] : default, se = x < width ? below[x] : default;
        T nw = x > 0 ? above[x - 1] : default, sw = x > 0 ? below[x - 1] : default;
        bits[x] = (byte)CornerBits(nw, ne, sw, se);
        if (x < width)
        {
            // The corner after a differing pixel also sees it on its west side.
            bits[x + 1] = (byte)CornerBits(ne, x + 1 < width ? above[x + 1] : default, se, x + 1 < width ? below[x + 1] : default);
        }
    }

    /// <summary>Edge bits of one corner line, corner by corner, keeping only the bits in <paramref name="keep"/>.</summary>
    public static void OfLine<T>(ReadOnlySpan<T> above, ReadOnlySpan<T> below, bool hasBelow, int keep, Span<byte> bits)
        where T : unmanaged, IEquatable<T>
    {
        int width = above.Length;
        T nw = default, sw = default;
        for (int x = 0; x <= width; x++)
        {
            T ne = x < width ? above[x] : default;
            T se = x < width && hasBelow ? below[x] : default;
            bits[x] = (byte)(CornerBits(nw, ne, sw, se) & keep);
            nw = ne;
            sw = se;
        }
    }

    /// <summary>
    /// Corners: SE, SW, NW, NE; the edge leaving in direction d has corner d on its left and corner
    /// d-1 on its right, and exists where they differ and the left one is an object.
    /// </summary>
    private static int CornerBits<T>(T nw, T ne, T sw, T se)
        where T : unmanaged, IEquatable<T>
    {
        int bits = 0;
        if (!se.Equals(default) && !se.Equals(ne))
        {
            bits |= 1 << East;
        }

        if (!sw.Equals(default) && !sw.Equals(se))
        {
            bits |= 1 << South;
        }

        if (!nw.Equals(default) && !nw.Equals(sw))
        {
            bits |= 1 << West;
        }

        if (!ne.Equals(default) && !ne.Equals(nw))
        {
            bits |= 1 << North;
        }

        return bits;
    }
}
