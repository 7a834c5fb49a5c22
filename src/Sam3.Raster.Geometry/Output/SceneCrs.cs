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

    /// <summary>A scene's CRS; <see cref="None"/> unless it has both a geotransform and a CRS (otherwise its features stay in pixels).</summary>
    public static SceneCrs Of(Tiling.RasterDataset dataset) =>
        dataset.IsGeoreferenced ? new(dataset.EpsgCode, dataset.CrsWkt, dataset.CrsProjJson) : None;

    /// <summary>How messages name it: EPSG:n, or the start of its WKT, or "no CRS".</summary>
    public string Describe() => Epsg is int e ? $"EPSG:{e}" : Wkt is { } w ? (w.Length <= 40 ? w : w[..37] + "...") : "no CRS";

    /// <summary>One CRS, whatever WKT flavour describes it: the same WKT, or the same EPSG code.</summary>
    public bool SameAs(SceneCrs other) => Wkt == other.Wkt || (Epsg is not null && Epsg == other.Epsg);

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
