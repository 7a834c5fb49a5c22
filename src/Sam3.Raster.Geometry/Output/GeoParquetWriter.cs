using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// GeoParquet 1.1: WKB <c>geometry</c>, a <c>bbox</c> struct column {xmin, ymin, xmax, ymax} declared
/// as the covering, the schema's attributes, zstd, row groups of <see cref="RowGroupSize"/> rows.
/// Rows are ordered along a Hilbert curve on their bbox centres (<see cref="HilbertOrder"/>), so each
/// row group covers a small area and its bbox column statistics (min/max, written by ParquetSharp)
/// let a reader filtering by bbox skip most row groups. Sorting needs every row: they are parked in
/// a temporary file as they come (<see cref="SpilledRows"/>) and only their centres and file offsets
/// (24 bytes a row, 12 more while sorting) stay in memory; at commit the offsets are sorted and the rows read back in curve
/// order, one row group at a time. The <c>geo</c> metadata is written at commit, when the exact
/// geometry types and the overall bbox are known (ParquetSharp reads the key-value map at close).
/// </summary>
public sealed class GeoParquetWriter : IFeatureWriter
{
    /// <summary>Small enough that a selective bbox query skips most of a big output, large enough to compress well.</summary>
    public const int RowGroupSize = 8_192;

    private readonly FeatureSchema schema;
    private readonly SceneCrs crs;
    private readonly AtomicFile file;
    private readonly Dictionary<string, string> metadata = [];
    private readonly ParquetFileWriter writer;
    private readonly WKBWriter wkb = new(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);
    private readonly SpilledRows spill;
    private readonly List<double> centreX = [];
    private readonly List<double> centreY = [];
    private readonly List<long> offsets = [];
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
        spill = new SpilledRows(file.TempPath + ".rows", schema);
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

        var e = g.EnvelopeInternal;
        offsets.Add(spill.Append(new ParquetRow(wkb.Write(RingOrientation.CounterClockwise(g)), e.MinX, e.MinY, e.MaxX, e.MaxY, feature.Attributes)));
        centreX.Add((e.MinX + e.MaxX) / 2);
        centreY.Add((e.MinY + e.MaxY) / 2);
        types.Add(g.GeometryType);
        extent.ExpandToInclude(e);
        Count++;
    }

    public void Commit()
    {
        spill.Flush();
        var order = HilbertOrder.Sort(extent, centreX, centreY);
        centreX.Clear();
        centreY.Clear();
        foreach (var chunk in order.Chunk(RowGroupSize))
        {
            WriteRowGroup([.. chunk.Select(i => spill.Read(offsets[(int)i]))]);
        }

        spill.Dispose();

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

        spill.Dispose();
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

    private void WriteRowGroup(IReadOnlyList<ParquetRow> rows)
    {
        using var rowGroup = writer.AppendRowGroup();
        using (var geometry = rowGroup.NextColumn().LogicalWriter<byte[]>())
        {
            geometry.WriteBatch(rows.Select(r => r.Wkb).ToArray());
        }

        WriteDoubles(rowGroup, rows.Select(r => r.MinX));
        WriteDoubles(rowGroup, rows.Select(r => r.MinY));
        WriteDoubles(rowGroup, rows.Select(r => r.MaxX));
        WriteDoubles(rowGroup, rows.Select(r => r.MaxY));

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
