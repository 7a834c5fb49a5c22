using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.VectorWriting;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// GeoPackage and FlatGeobuf through GDAL's OGR: one layer named after the file, the schema's
/// attributes as fields (the same as GeoParquet's), multipolygons (a polygon is written as a
/// multipolygon of one, so the layer has one geometry type, as desktop GIS expects) with outer rings
/// counter-clockwise, the features' CRS (none for pixel coordinates) and a spatial index (GeoPackage
/// R-tree, FlatGeobuf packed Hilbert R-tree, built at commit). Written to a temporary file beside
/// the destination and renamed over it at commit.
/// </summary>
public sealed class OgrFeatureWriter : IFeatureWriter
{
    /// <summary>
    /// GeoPackage's <c>gpkg_contents.last_change</c> (informative in the standard) unless the operator
    /// sets OGR_CURRENT_DATE: a fixed time keeps the file's bytes a function of its features, so a
    /// resumed or repeated job writes the same file.
    /// </summary>
    public const string FixedLastChange = "1970-01-01T00:00:00.000Z";

    private readonly FeatureSchema schema;
    private readonly AtomicFile file;
    private readonly OgrVectorWriter writer;
    private readonly WKBWriter wkb = new(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);
    private readonly int idColumn;
    private bool committed;

    private OgrFeatureWriter(string path, string extension, OgrLayerSpec layer, FeatureSchema schema, SceneCrs crs)
    {
        this.schema = schema;
        idColumn = schema.Columns.ToList().FindIndex(c => c.Name == "id" && c.Type == AttributeType.Int64);
        file = new AtomicFile(path, extension);
        using var srs = crs.IsGeoreferenced ? SpatialReference.FromWkt(crs.Wkt!) : null;
        writer = OgrVectorWriter.Create(file.TempPath, layer, srs);
    }

    public string Path => file.Path;

    public long Count { get; private set; }

    /// <summary>GeoPackage: the <c>fid</c> primary key equals the feature's <c>id</c> where the schema has one.</summary>
    public static OgrFeatureWriter GeoPackage(string path, FeatureSchema schema, SceneCrs crs)
    {
        var config = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OGR_CURRENT_DATE")))
        {
            config["OGR_CURRENT_DATE"] = FixedLastChange;
        }

        var layer = new OgrLayerSpec("GPKG", LayerName(path), Fields(schema))
        {
            LayerOptions = ["SPATIAL_INDEX=YES", "GEOMETRY_NAME=geometry"],
            ConfigOptions = config,
            InOneTransaction = true,
            WritesFids = true,
        };
        return new OgrFeatureWriter(path, ".gpkg", layer, schema, crs);
    }

    public static OgrFeatureWriter FlatGeobuf(string path, FeatureSchema schema, SceneCrs crs)
    {
        var layer = new OgrLayerSpec("FlatGeobuf", LayerName(path), Fields(schema)) { LayerOptions = ["SPATIAL_INDEX=YES"] };
        return new OgrFeatureWriter(path, ".fgb", layer, schema, crs);
    }

    public void Write(OutputFeature feature)
    {
        schema.Validate(feature);
        var g = RingOrientation.CounterClockwise(feature.Geometry) switch
        {
            Polygon p => p.Factory.CreateMultiPolygon([p]),
            MultiPolygon m => m,
            var other => throw new ArgumentException($"only polygons are written, got {other.GeometryType}"),
        };
        Count++;
        long fid = idColumn >= 0 ? (long)feature.Attributes[idColumn] : Count;
        writer.Add(fid, wkb.Write(g), feature.Attributes);
    }

    public void Commit()
    {
        writer.Close();
        file.Commit();
        committed = true;
    }

    public void Dispose()
    {
        writer.Dispose();
        file.Dispose();
        if (!committed)
        {
            // GeoPackage's SQLite journal of an abandoned file.
            File.Delete(file.TempPath + "-journal");
        }
    }

    private static string LayerName(string path) => System.IO.Path.GetFileNameWithoutExtension(path);

    private static List<OgrField> Fields(FeatureSchema schema) =>
        [.. schema.Columns.Select(c => new OgrField(c.Name, c.Type switch
        {
            AttributeType.String => OgrFieldType.String,
            AttributeType.Double => OgrFieldType.Real,
            AttributeType.Int32 => OgrFieldType.Integer,
            _ => OgrFieldType.Integer64,
        }))];
}
