using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// Outer rings counter-clockwise, holes clockwise, as RFC 7946 asks and GeoParquet's
/// <c>orientation: counterclockwise</c> declares. Pixel space has y down, so a georeferenced
/// north-up polygon comes out the other way round until this runs.
/// </summary>
public static class RingOrientation
{
    public static NetTopologySuite.Geometries.Geometry CounterClockwise(NetTopologySuite.Geometries.Geometry g) => g switch
    {
        Polygon p => Fix(p),
        MultiPolygon m => m.Factory.CreateMultiPolygon(m.Geometries.Cast<Polygon>().Select(Fix).ToArray()),
        _ => g,
    };

    private static Polygon Fix(Polygon p)
    {
        var shell = Orient(p.Shell, ccw: true);
        var holes = p.Holes.Select(h => Orient(h, ccw: false)).ToArray();
        return ReferenceEquals(shell, p.Shell) && holes.SequenceEqual(p.Holes) ? p : p.Factory.CreatePolygon(shell, holes);
    }

    private static LinearRing Orient(LinearRing ring, bool ccw) =>
        Orientation.IsCCW(ring.CoordinateSequence) == ccw ? ring : (LinearRing)ring.Reverse();
}
