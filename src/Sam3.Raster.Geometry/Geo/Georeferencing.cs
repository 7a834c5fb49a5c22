using NetTopologySuite.Geometries;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Geo;

/// <summary>
/// Moves geometries from scene pixel space to the CRS: pixel corner (col, row) →
/// (gt0 + col·gt1 + row·gt2, gt3 + col·gt4 + row·gt5), exactly as GDAL does. Done once, after seams
/// are merged, so unions run on exact integers.
/// </summary>
public static class Georeferencing
{
    /// <summary>A copy of <paramref name="pixelGeometry"/> in world coordinates, built by <paramref name="factory"/> (which carries the SRID).</summary>
    public static NetTopologySuite.Geometries.Geometry ToWorld(NetTopologySuite.Geometries.Geometry pixelGeometry, GeoTransform transform, GeometryFactory factory)
    {
        var copy = factory.CreateGeometry(pixelGeometry);
        copy.Apply(new TransformFilter(transform));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class TransformFilter(GeoTransform gt) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                double col = seq.GetX(i), row = seq.GetY(i);
                var (x, y) = gt.ToWorld(col, row);
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
