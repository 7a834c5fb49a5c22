using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// GeoParquet 1.1: WKB <c>geometry</c>, a <c>bbox</c> struct column {xmin, ymin, xmax, ymax} declared
/// as the covering (readers can skip row groups by it), the schema's attributes, zstd, row groups of
/// <see cref="RowGroupSize"/> rows. The <c>geo</c> metadata is written at commit, when the exact
/// geometry types and the overall bbox are known (ParquetSharp reads the key-value map at close).
/// </summary>
public sealed class GeoParquetWriter : IFeatureWriter
{
    public const int RowGroupSize = 65_536;

    private readonly FeatureSchema schema;
    private readonly SceneCrs crs;
    private readonly AtomicFile file;
    private readonly Dictionary<string, string> metadata = [];
    private readonly ParquetFileWriter writer;
    private readonly WKBWriter wkb = new(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);
    private readonly List<OutputFeature> rows = new(1024);
    private readonly SortedSet<string> types = new(StringComparer.Ordinal);
    private readonly Envelope extent = new();
    private bool closed;

    public GeoParquetWriter(string path, FeatureSchema schema, SceneCrs crs)
    {
        this.schema = schema;
        this.crs = crs;
        file = new AtomicFile(path);
        using var root = BuildSchema(schema);
        using var builder = new WriterPropertiesBuilder();
        using var properties = builder.Compression(Compression.Zstd).Build();
        writer = new ParquetFileWriter(file.TempPath, root, properties, metadata);
    }

    public string Path => file.Path;

    public long Count { get; private set; }

    public void Write(OutputFeature feature)
    {
        schema.Validate(feature);
        var g = feature.Geometry;
        if (g is not (Polygon or MultiPolygon))
        {
            throw new ArgumentException($"only polygons are written, got {g.GeometryType}");
        }

        rows.Add(feature with { Geometry = RingOrientation.CounterClockwise(g) });
        types.Add(g.GeometryType);
        extent.ExpandToInclude(g.EnvelopeInternal);
        Count++;
        if (rows.Count == RowGroupSize)
        {
            Flush();
        }
    }

    public void Commit()
    {
        Flush();
        metadata["geo"] = GeoMetadata();
        writer.Close();
        closed = true;
        writer.Dispose();
        file.Commit();
    }

    public void Dispose()
    {
        if (!closed)
        {
            try
            {
                writer.Dispose();
            }
            catch (ParquetException)
            {
                // The file is discarded anyway.
            }
        }

        file.Dispose();
    }

    private static GroupNode BuildSchema(FeatureSchema schema)
    {
        var nodes = new List<Node>
        {
            new PrimitiveNode("geometry", Repetition.Required, LogicalType.None(), PhysicalType.ByteArray),
            new GroupNode("bbox", Repetition.Required,
            [
                new PrimitiveNode("xmin", Repetition.Required, LogicalType.None(), PhysicalType.Double),
                new PrimitiveNode("ymin", Repetition.Required, LogicalType.None(), PhysicalType.Double),
                new PrimitiveNode("xmax", Repetition.Required, LogicalType.None(), PhysicalType.Double),
                new PrimitiveNode("ymax", Repetition.Required, LogicalType.None(), PhysicalType.Double),
            ]),
        };
        foreach (var c in schema.Columns)
        {
            nodes.Add(c.Type switch
            {
                AttributeType.String => new PrimitiveNode(c.Name, Repetition.Required, LogicalType.String(), PhysicalType.ByteArray),
                AttributeType.Double => new PrimitiveNode(c.Name, Repetition.Required, LogicalType.None(), PhysicalType.Double),
                AttributeType.Int32 => new PrimitiveNode(c.Name, Repetition.Required, LogicalType.None(), PhysicalType.Int32),
                _ => new PrimitiveNode(c.Name, Repetition.Required, LogicalType.None(), PhysicalType.Int64),
            });
        }

        var root = new GroupNode("schema", Repetition.Required, nodes);
        foreach (var n in nodes)
        {
            n.Dispose();
        }

        return root;
    }

    private void Flush()
    {
        if (rows.Count == 0)
        {
            return;
        }

        using var rowGroup = writer.AppendRowGroup();
        using (var geometry = rowGroup.NextColumn().LogicalWriter<byte[]>())
        {
            geometry.WriteBatch(rows.Select(r => wkb.Write(r.Geometry)).ToArray());
        }

        var envelopes = rows.Select(r => r.Geometry.EnvelopeInternal).ToArray();
        WriteDoubles(rowGroup, envelopes.Select(e => e.MinX));
        WriteDoubles(rowGroup, envelopes.Select(e => e.MinY));
        WriteDoubles(rowGroup, envelopes.Select(e => e.MaxX));
        WriteDoubles(rowGroup, envelopes.Select(e => e.MaxY));

        for (int i = 0; i < schema.Columns.Count; i++)
        {
            int k = i;
            switch (schema.Columns[i].Type)
            {
                case AttributeType.String:
                    using (var w = rowGroup.NextColumn().LogicalWriter<string>())
                    {
                        w.WriteBatch(rows.Select(r => (string)r.Attributes[k]).ToArray());
                    }

                    break;
                case AttributeType.Double:
                    WriteDoubles(rowGroup, rows.Select(r => (double)r.Attributes[k]));
                    break;
                case AttributeType.Int32:
                    using (var w = (ColumnWriter<int>)rowGroup.NextColumn())
                    {
                        w.WriteBatch(rows.Select(r => (int)r.Attributes[k]).ToArray());
                    }

                    break;
                default:
                    using (var w = (ColumnWriter<long>)rowGroup.NextColumn())
                    {
                        w.WriteBatch(rows.Select(r => (long)r.Attributes[k]).ToArray());
                    }

                    break;
            }
        }

        rowGroup.Close();
        rows.Clear();
    }

    /// <summary>Doubles through the physical writer: the bbox fields sit inside a required group, where levels are all zero.</summary>
    private static void WriteDoubles(RowGroupWriter rowGroup, IEnumerable<double> values)
    {
        using var w = (ColumnWriter<double>)rowGroup.NextColumn();
        w.WriteBatch(values.ToArray());
    }

    private string GeoMetadata()
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream))
        {
            j.WriteStartObject();
            j.WriteString("version", "1.1.0");
            j.WriteString("primary_column", "geometry");
            j.WriteStartObject("columns");
            j.WriteStartObject("geometry");
            j.WriteString("encoding", "WKB");
            j.WriteStartArray("geometry_types");
            foreach (var t in types)
            {
                j.WriteStringValue(t);
            }

            j.WriteEndArray();

            // Absent crs would mean OGC:CRS84; null means "unknown", right for pixel coordinates.
            j.WritePropertyName("crs");
            if (crs.ProjJson is { } projJson)
            {
                j.WriteRawValue(projJson);
            }
            else
            {
                j.WriteNullValue();
            }

            j.WriteString("orientation", "counterclockwise");
            if (Count > 0)
            {
                j.WriteStartArray("bbox");
                j.WriteNumberValue(extent.MinX);
                j.WriteNumberValue(extent.MinY);
                j.WriteNumberValue(extent.MaxX);
                j.WriteNumberValue(extent.MaxY);
                j.WriteEndArray();
            }

            j.WriteStartObject("covering");
            j.WriteStartObject("bbox");
            foreach (var f in new[] { "xmin", "ymin", "xmax", "ymax" })
            {
                j.WriteStartArray(f);
                j.WriteStringValue("bbox");
                j.WriteStringValue(f);
                j.WriteEndArray();
            }

            j.WriteEndObject();
            j.WriteEndObject();
            j.WriteEndObject();
            j.WriteEndObject();
            j.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
