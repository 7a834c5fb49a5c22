using NetTopologySuite.Geometries;
using NetTopologySuite.Shape.Fractal;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// Positions along a Hilbert curve over an extent: points close on the curve are close in space, so
/// rows sorted by it fill row groups whose bboxes are small, which a reader filtering by bbox can
/// skip. The extent is cut into a 2^16 × 2^16 grid (NTS's <see cref="HilbertCode"/> at its highest level).
/// </summary>
public static class HilbertOrder
{
    /// <summary>NTS's <see cref="HilbertCode.MaxLevel"/>: 2^16 cells a side, keys of 32 bits.</summary>
    public const int Level = 16;

    /// <summary>The curve index of (x, y) within <paramref name="extent"/>: 0 … 2^32 − 1.</summary>
    public static uint Key(Envelope extent, double x, double y)
    {
        int max = HilbertCode.MaxOrdinate(Level);
        return (uint)HilbertCode.Encode(Level, Cell(x, extent.MinX, extent.Width, max), Cell(y, extent.MinY, extent.Height, max));
    }

    /// <summary>
    /// The order of the rows: indices of the centres sorted by curve index, ties in writing order
    /// (so the same features always give the same file).
    /// </summary>
    public static uint[] Sort(Envelope extent, IReadOnlyList<double> centreX, IReadOnlyList<double> centreY)
    {
        var keys = new ulong[centreX.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = ((ulong)Key(extent, centreX[i], centreY[i]) << 32) | (uint)i;
        }

        Array.Sort(keys);
        var order = new uint[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            order[i] = (uint)keys[i];
        }

        return order;
    }

    private static int Cell(double v, double min, double size, int max) =>
        size > 0 ? (int)Math.Clamp(Math.Floor((v - min) / size * max), 0, max) : 0;
}
