namespace Sam3.Raster.Geometry.Output;

/// <summary>A feature ready to write: geometry in the scene CRS (Polygon or MultiPolygon) and attributes in schema order.</summary>
public sealed record OutputFeature(NetTopologySuite.Geometries.Geometry Geometry, IReadOnlyList<object> Attributes)
{
    /// <summary>A pipeline detection (<see cref="FeatureSchema.Detections"/>); area from the geometry.</summary>
    public static OutputFeature Detection(long id, NetTopologySuite.Geometries.Geometry geometry, string prompt, double score, string scene, int tile, int query) =>
        new(geometry, [id, prompt, score, scene, tile, query, geometry.Area]);
}
