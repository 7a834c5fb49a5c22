namespace Sam3.Raster.Geometry.Output;

/// <summary>The attributes every feature of one output carries, in order.</summary>
public sealed class FeatureSchema
{
    public FeatureSchema(params AttributeColumn[] columns)
    {
        if (columns.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != columns.Length)
        {
            throw new ArgumentException("attribute names must be distinct", nameof(columns));
        }

        Columns = columns;
    }

    public IReadOnlyList<AttributeColumn> Columns { get; }

    /// <summary>
    /// Detections of the pipeline (DESIGN.md §4): a feature id shared by every output of the job
    /// (1, 2, … in the job's deterministic writing order), area in CRS units².
    /// </summary>
    public static FeatureSchema Detections { get; } = new(
        new("id", AttributeType.Int64),
        new("prompt", AttributeType.String),
        new("score", AttributeType.Double),
        new("scene", AttributeType.String),
        new("tile", AttributeType.Int32),
        new("query", AttributeType.Int32),
        new("area", AttributeType.Double));

    /// <summary><c>sam3r vectorize</c>: polygons per pixel value, like gdal_polygonize's DN.</summary>
    public static FeatureSchema PixelValues { get; } = new(
        new("value", AttributeType.Int64),
        new("area", AttributeType.Double));

    /// <summary>Checks that a feature's attributes match the schema, so a bad row fails before anything is committed.</summary>
    public void Validate(OutputFeature feature)
    {
        if (feature.Attributes.Count != Columns.Count)
        {
            throw new ArgumentException($"a feature has {feature.Attributes.Count} attributes, the schema {Columns.Count}");
        }

        for (int i = 0; i < Columns.Count; i++)
        {
            var a = feature.Attributes[i];
            bool ok = Columns[i].Type switch
            {
                AttributeType.String => a is string,
                AttributeType.Double => a is double,
                AttributeType.Int32 => a is int,
                _ => a is long,
            };
            if (!ok)
            {
                throw new ArgumentException($"attribute '{Columns[i].Name}' must be {Columns[i].Type}, got {a?.GetType().Name ?? "null"}");
            }
        }
    }
}
