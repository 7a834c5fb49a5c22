using Sam3.Raster.Tiling.Crs;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// The CRS that travels with the features: the EPSG code where one exists (also the geometries'
/// SRID), plus the full WKT and PROJJSON, so outputs never depend on an EPSG lookup. All null for a
/// raster without georeferencing (coordinates are then pixels).
/// </summary>
public sealed record SceneCrs(int? Epsg, string? Wkt, string? ProjJson)
{
    public static SceneCrs None { get; } = new(null, null, null);

    public bool IsGeoreferenced => Wkt is not null;

    /// <summary>The SRID for NTS geometries: the EPSG code, or 0.</summary>
    public int Srid => Epsg ?? 0;

    public static SceneCrs From(SpatialReference srs) => new(srs.EpsgCode, srs.Wkt, srs.ProjJson);

    public static SceneCrs FromWkt(string? wkt)
    {
        if (string.IsNullOrWhiteSpace(wkt))
        {
            return None;
        }

        using var srs = SpatialReference.FromWkt(wkt);
        return From(srs);
    }
}
