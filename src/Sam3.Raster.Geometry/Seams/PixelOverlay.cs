using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.OverlayNG;

namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// Overlay of pixel-space geometries with OverlayNG on the unit grid: pixel outlines have integer
/// vertices, so snap-rounding to integers is exact, needs no robustness fallbacks, and is much
/// faster than the legacy overlay for clipping. Strict mode: polygons in, polygons out (no lines where they touch) behind <c>Geometry.Intersection</c> / <c>UnaryUnionOp</c>.
/// </summary>
public static class PixelOverlay
{
    private static readonly PrecisionModel Grid = new(1.0);

    public static NetTopologySuite.Geometries.Geometry Intersection(NetTopologySuite.Geometries.Geometry a, NetTopologySuite.Geometries.Geometry b) =>
        new OverlayNG(a, b, Grid, NetTopologySuite.Operation.Overlay.SpatialFunction.Intersection) { StrictMode = true }.GetResult();

    /// <summary>
    /// The union of parts that mostly tile the plane without overlapping (pieces cut to disjoint
    /// cores): CoverageUnion, which only drops shared edges and is near-linear, when its result is
    /// valid and keeps the parts' total area; otherwise (edges that do not match along a seam,
    /// overlapping parts) the general cascaded union.
    /// </summary>
    public static NetTopologySuite.Geometries.Geometry Union(IReadOnlyList<NetTopologySuite.Geometries.Geometry> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var all = GeometryCombiner.Combine(parts);
        try
        {
            var coverage = CoverageUnion.Union(all);
            if (coverage.IsValid && Math.Abs(coverage.Area - parts.Sum(p => p.Area)) < 0.5)
            {
                return coverage;
            }
        }
        catch (Exception ex) when (ex is TopologyException or ArgumentException or InvalidOperationException)
        {
            // not a clean coverage: fall through to the general union
        }

        return NetTopologySuite.Operation.Union.UnaryUnionOp.Union(all);
    }
}
