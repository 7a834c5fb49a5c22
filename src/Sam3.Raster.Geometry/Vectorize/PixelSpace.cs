using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// The geometry factory for scene pixel space: no SRID (pixels are not a CRS), floating precision
/// (integer corners and their unions are exact in doubles), and packed coordinate sequences so a ring
/// is one double array rather than one object per vertex.
/// </summary>
public static class PixelSpace
{
    public static GeometryFactory Factory { get; } =
        new(new PrecisionModel(), 0, PackedCoordinateSequenceFactory.DoubleFactory);
}
