namespace Sam3.Raster.Geometry.Output;

/// <summary>A row ready for GeoParquet: WKB, its bbox, attributes in schema order.</summary>
public sealed record ParquetRow(byte[] Wkb, double MinX, double MinY, double MaxX, double MaxY, IReadOnlyList<object> Attributes);

/// <summary>
/// Rows parked in a temporary file while a writer waits for all of them (to sort them), read back
/// one by one by the offset <see cref="Append"/> returned. Only the offsets stay in memory; the file
/// is deleted when disposed.
/// </summary>
public sealed class SpilledRows : IDisposable
{
    private readonly FeatureSchema schema;
    private readonly FileStream stream;
    private readonly BinaryWriter writer;
    private readonly MemoryStream record = new();
    private readonly BinaryWriter recordWriter;
    private byte[] buffer = new byte[64 * 1024];

    public SpilledRows(string path, FeatureSchema schema)
    {
        this.schema = schema;
        stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose);
        writer = new BinaryWriter(stream);
        recordWriter = new BinaryWriter(record);
    }

    public long Append(ParquetRow row)
    {
        record.SetLength(0);
        recordWriter.Write(row.Wkb.Length);
        recordWriter.Write(row.Wkb);
        recordWriter.Write(row.MinX);
        recordWriter.Write(row.MinY);
        recordWriter.Write(row.MaxX);
        recordWriter.Write(row.MaxY);
        for (int i = 0; i < schema.Columns.Count; i++)
        {
            switch (row.Attributes[i])
            {
                case string s: recordWriter.Write(s); break;
                case double d: recordWriter.Write(d); break;
                case int n: recordWriter.Write(n); break;
                default: recordWriter.Write((long)row.Attributes[i]); break;
            }
        }

        recordWriter.Flush();
        long offset = stream.Position;
        writer.Write((int)record.Length);
        writer.Write(record.GetBuffer(), 0, (int)record.Length);
        return offset;
    }

    /// <summary>Makes every appended row readable.</summary>
    public void Flush() => writer.Flush();

    public ParquetRow Read(long offset)
    {
        Span<byte> length = stackalloc byte[4];
        RandomAccess.Read(stream.SafeFileHandle, length, offset);
        int size = BitConverter.ToInt32(length);
        if (buffer.Length < size)
        {
            buffer = new byte[Math.Max(size, buffer.Length * 2)];
        }

        if (RandomAccess.Read(stream.SafeFileHandle, buffer.AsSpan(0, size), offset + 4) != size)
        {
            throw new IOException($"spilled row at {offset} is cut short");
        }

        using var reader = new BinaryReader(new MemoryStream(buffer, 0, size, writable: false));
        var wkb = reader.ReadBytes(reader.ReadInt32());
        double minX = reader.ReadDouble(), minY = reader.ReadDouble(), maxX = reader.ReadDouble(), maxY = reader.ReadDouble();
        var attributes = new object[schema.Columns.Count];
        for (int i = 0; i < attributes.Length; i++)
        {
            attributes[i] = schema.Columns[i].Type switch
            {
                AttributeType.String => reader.ReadString(),
                AttributeType.Double => reader.ReadDouble(),
                AttributeType.Int32 => reader.ReadInt32(),
                _ => reader.ReadInt64(),
            };
        }

        return new ParquetRow(wkb, minX, minY, maxX, maxY, attributes);
    }

    public void Dispose()
    {
        writer.Dispose();
        recordWriter.Dispose();
        record.Dispose();
        stream.Dispose();
    }
}
