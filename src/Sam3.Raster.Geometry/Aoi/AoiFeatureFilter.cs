using NetTopologySuite.Geometries;

namespace Sam3.Raster.Geometry.Aoi;

/// <summary>
/// What the AOI does to a finished feature (in scene pixels): a feature that does not meet it is
/// dropped; one that meets it is kept whole, or, with <see cref="AreaOfInterest.Clip"/>, cut to it
/// (only its area is kept: where it only touches the AOI's edge, nothing is left and it is dropped).
/// </summary>
public sealed class AoiFeatureFilter(SceneAoi aoi)
{
    /// <summary>The feature as it goes out, or null when it is dropped.</summary>
    public NetTopologySuite.Geometries.Geometry? Apply(NetTopologySuite.Geometries.Geometry pixels)
    {
        if (!aoi.Meets(pixels))
        {
            return null;
        }

        if (!aoi.Area.Clip)
        {
            return pixels;
        }

        var polygons = Polygonal(pixels.Intersection(aoi.Pixels)).ToArray();
        return polygons.Length switch
        {
            0 => null,
            1 => polygons[0],
            _ => pixels.Factory.CreateMultiPolygon(polygons),
        };
    }

    private static IEnumerable<Polygon> Polygonal(NetTopologySuite.Geometries.Geometry g) => g switch
    {
        Polygon p when !p.IsEmpty && p.Area > 0 => [p],
        GeometryCollection c => Enumerable.Range(0, c.NumGeometries).SelectMany(i => Polygonal(c.GetGeometryN(i))),
        _ => [],
    };
}
