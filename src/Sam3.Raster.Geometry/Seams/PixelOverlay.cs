using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.OverlayNG;

namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// Overlay of pixel-space geometries with OverlayNG on the unit grid: pixel outlines have integer
/// vertices, so snap-rounding to integers is exact, needs no robustness fallbacks, and is much
/// faster than the legacy overlay. Strict mode: polygons in, polygons out (no lines where they touch) behind <c>Geometry.Intersection</c> / <c>UnaryUnionOp</c>.
/// </summary>
public static class PixelOverlay
{
    private static readonly PrecisionModel Grid = new(1.0);

    public static NetTopologySuite.Geometries.Geometry Intersection(NetTopologySuite.Geometries.Geometry a, NetTopologySuite.Geometries.Geometry b) =>
        new OverlayNG(a, b, Grid, NetTopologySuite.Operation.Overlay.SpatialFunction.Intersection) { StrictMode = true }.GetResult();

    public static NetTopologySuite.Geometries.Geometry Union(IReadOnlyList<NetTopologySuite.Geometries.Geometry> parts) =>
        parts.Count == 1 ? parts[0] : UnaryUnionNG.Union(GeometryCombiner.Combine(parts), Grid);
}
