namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// Splits one closed boundary walk into simple rings, as <see cref="BoundaryTracer"/> does while
/// tracing: coming back to a saddle corner passed before closes a loop there, which becomes a ring
/// of its own (a hole touching its shell at that corner, or the shell itself), so no ring visits a
/// corner twice.
/// </summary>
internal static class RingCutter
{
    /// <param name="xy">The walk's corners x0,y0,x1,y1… (not closed).</param>
    /// <param name="saddles">Per corner, whether it is a saddle corner.</param>
    /// <param name="rings">Receives the rings.</param>
    public static void Cut(List<int> xy, List<bool> saddles, PieceRings rings)
    {
        var ring = new List<int>(xy.Count);
        var open = new List<(long Corner, int Index)>();
        for (int i = 0; i < saddles.Count; i++)
        {
            int x = xy[2 * i], y = xy[(2 * i) + 1];
            long corner = ((long)y << 32) | (uint)x;
            if (i > 0 && saddles[i] && TryCut(corner, ring, open, rings))
            {
                continue;
            }

            ring.Add(x);
            ring.Add(y);
            if (saddles[i])
            {
                open.Add((corner, (ring.Count / 2) - 1));
            }
        }

        rings.Add([.. ring]);
    }

    private static bool TryCut(long corner, List<int> ring, List<(long Corner, int Index)> open, PieceRings rings)
    {
        for (int k = open.Count - 1; k >= 0; k--)
        {
            if (open[k].Corner != corner)
            {
                continue;
            }

            int from = open[k].Index;
            open.RemoveRange(k, open.Count - k);
            rings.Add(ring.GetRange(2 * from, ring.Count - (2 * from)).ToArray());
            ring.RemoveRange(2 * (from + 1), ring.Count - (2 * (from + 1)));
            return true;
        }

        return false;
    }
}
