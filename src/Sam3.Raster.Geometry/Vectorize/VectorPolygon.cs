using NetTopologySuite.Geometries;

namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// One connected component of a mask: a <see cref="Polygon"/> (outer ring and holes), or, only with
/// 8-connectivity when parts meet at single corners, a <see cref="MultiPolygon"/> whose parts touch at
/// points. <see cref="PixelCount"/> equals the geometry's area in pixel space.
/// </summary>
public sealed record VectorPolygon<T>(NetTopologySuite.Geometries.Geometry Geometry, T Value, long PixelCount)
    where T : unmanaged;
