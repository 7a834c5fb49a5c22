namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// The closed boundary rings of one edge-connected piece, in integer corner coordinates (x0,y0,x1,y1…,
/// not closed), each with twice its signed area: positive for outer rings (object on the left),
/// negative for holes.
/// </summary>
internal sealed class PieceRings
{
    public List<int[]> Rings { get; } = [];

    public List<long> Areas { get; } = [];

    public void Add(int[] xy)
    {
        Rings.Add(xy);
        Areas.Add(SignedArea2(xy));
    }

    private static long SignedArea2(int[] xy)
    {
        long sum = 0;
        int n = xy.Length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            sum += ((long)xy[2 * j] * xy[(2 * i) + 1]) - ((long)xy[2 * i] * xy[(2 * j) + 1]);
        }

        return sum;
    }
}
