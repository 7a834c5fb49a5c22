using NetTopologySuite.Geometries;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Rasterize;

/// <summary>
/// A polygon or multipolygon moved into a raster's pixel space (x = column, y = row, pixel corners on
/// integers) and kept as flat vertex arrays: a mask raster buffers its scene's features until it
/// burns them, and flat doubles cost a fraction of NTS coordinates. Rings are closed (last vertex =
/// first); holes and parts are only rings here, which the even-odd fill tells apart.
/// </summary>
public sealed class PixelPolygon
{
    private PixelPolygon(double[] xs, double[] ys, int[] ringEnds)
    {
        Xs = xs;
        Ys = ys;
        RingEnds = ringEnds;
        double minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        foreach (double y in ys)
        {
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
        }

        // Rows whose pixel centre (row + 0.5) can lie inside: minY ≤ row + 0.5 < maxY.
        FirstRow = ys.Length == 0 ? 0 : (int)Math.Clamp(Math.Ceiling(minY - 0.5), int.MinValue, int.MaxValue);
        EndRow = ys.Length == 0 ? 0 : (int)Math.Clamp(Math.Ceiling(maxY - 0.5), int.MinValue, int.MaxValue);
    }

    internal double[] Xs { get; }

    internal double[] Ys { get; }

    /// <summary>Ring i holds the vertices [RingEnds[i-1], RingEnds[i]).</summary>
    internal int[] RingEnds { get; }

    /// <summary>The first row a pixel of which may be covered.</summary>
    public int FirstRow { get; }

    /// <summary>One past the last row a pixel of which may be covered.</summary>
    public int EndRow { get; }

    public int VertexCount => Xs.Length;

    /// <summary>Every ring of <paramref name="geometry"/> (Polygon or MultiPolygon), mapped to pixels by <paramref name="toPixel"/> (the inverse geotransform).</summary>
    public static PixelPolygon From(NetTopologySuite.Geometries.Geometry geometry, GeoTransform toPixel)
    {
        var rings = new List<LineString>();
        for (int i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is not Polygon polygon)
            {
                throw new ArgumentException($"a mask raster burns polygons, not {geometry.GetGeometryN(i).GeometryType}");
            }

            rings.Add(polygon.ExteriorRing);
            rings.AddRange(polygon.InteriorRings);
        }

        int count = rings.Sum(r => r.NumPoints);
        var xs = new double[count];
        var ys = new double[count];
        var ends = new int[rings.Count];
        int n = 0;
        for (int r = 0; r < rings.Count; r++)
        {
            var seq = rings[r].CoordinateSequence;
            for (int i = 0; i < seq.Count; i++, n++)
            {
                (xs[n], ys[n]) = toPixel.ToWorld(seq.GetX(i), seq.GetY(i));
            }

            ends[r] = n;
        }

        return new PixelPolygon(xs, ys, ends);
    }
}
