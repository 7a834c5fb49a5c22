namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// Regions of a strip-wise vectorizing, by id: two union–finds over the same ids, one joining
/// edge-connected pieces and one joining components (the asked connectivity), with each
/// component's pixel count, value and boundary chains kept at its root until it is taken.
/// </summary>
internal sealed class StripRegions<T>
    where T : unmanaged
{
    private int[] piece = new int[1024];
    private int[] component = new int[1024];
    private long[] pixels = new long[1024];
    private T[] values = new T[1024];
    private List<BoundaryChain>?[] chains = new List<BoundaryChain>?[1024];
    private int count;

    public int New(T value)
    {
        if (count == piece.Length)
        {
            int n = count * 2;
            Array.Resize(ref piece, n);
            Array.Resize(ref component, n);
            Array.Resize(ref pixels, n);
            Array.Resize(ref values, n);
            Array.Resize(ref chains, n);
        }

        piece[count] = count;
        component[count] = count;
        pixels[count] = 0;
        values[count] = value;
        chains[count] = null;
        return count++;
    }

    public int FindPiece(int id) => Find(piece, id);

    public int FindComponent(int id) => Find(component, id);

    public void JoinPieces(int a, int b)
    {
        int ra = Find(piece, a), rb = Find(piece, b);
        if (ra != rb)
        {
            piece[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }

    /// <summary>Joins two components; the root keeps the sum of the pixels and all the chains.</summary>
    public void JoinComponents(int a, int b)
    {
        int ra = Find(component, a), rb = Find(component, b);
        if (ra == rb)
        {
            return;
        }

        int root = Math.Min(ra, rb), child = Math.Max(ra, rb);
        component[child] = root;
        pixels[root] += pixels[child];
        if (chains[child] is { } moved)
        {
            if (chains[root] is not { } kept)
            {
                chains[root] = moved;
            }
            else if (kept.Count >= moved.Count)
            {
                kept.AddRange(moved);
            }
            else
            {
                moved.AddRange(kept);
                chains[root] = moved;
            }

            chains[child] = null;
        }
    }

    public void AddPixels(int id, long n) => pixels[Find(component, id)] += n;

    public void AddChain(BoundaryChain chain)
    {
        int root = Find(component, chain.Piece);
        (chains[root] ??= []).Add(chain);
    }

    /// <summary>A finished component's value, pixel count and chains; its chains are released.</summary>
    public (T Value, long Pixels, List<BoundaryChain> Chains) Take(int root)
    {
        var taken = chains[root] ?? [];
        chains[root] = null;
        return (values[root], pixels[root], taken);
    }

    private static int Find(int[] p, int id)
    {
        while (p[id] != id)
        {
            p[id] = p[p[id]];
            id = p[id];
        }

        return id;
    }
}
