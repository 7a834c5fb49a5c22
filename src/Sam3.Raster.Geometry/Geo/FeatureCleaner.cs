using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Simplify;

namespace Sam3.Raster.Geometry.Geo;

/// <summary>
/// Optional clean-up in scene pixel space, after seam merging and before georeferencing.
/// <see cref="SimplifyPixels"/> is off by default: exact pixel edges are what gdal_polygonize gives
/// and what areas are checked against. When on, NTS's TopologyPreservingSimplifier keeps each
/// feature valid and its rings from crossing, but neighbouring features are simplified
/// independently (shared edges may part by up to the tolerance). <see cref="MinAreaPixels"/> drops
/// specks. Anything invalid after that is repaired with GeometryFixer.
/// </summary>
public sealed record FeatureCleaner(double SimplifyPixels = 0, double MinAreaPixels = 0)
{
    /// <summary>The cleaned geometry, or null when it falls under the minimum area or vanishes.</summary>
    public NetTopologySuite.Geometries.Geometry? Clean(NetTopologySuite.Geometries.Geometry pixelGeometry)
    {
        var g = pixelGeometry;
        if (MinAreaPixels > 0 && g.Area < MinAreaPixels)
        {
            return null;
        }

        if (SimplifyPixels > 0)
        {
            g = TopologyPreservingSimplifier.Simplify(g, SimplifyPixels);
        }

        if (!g.IsValid)
        {
            g = GeometryFixer.Fix(g);
        }

        return g.IsEmpty || (MinAreaPixels > 0 && g.Area < MinAreaPixels) ? null : g;
    }
}
