using System.Buffers.Binary;
using System.Text;

namespace Sam3.Raster.TestSupport;

/// <summary>
/// Reads vector files back with GDAL's own tools (ogrinfo, ogr2ogr), independently of the code that
/// wrote them: the layer summary, every row as text, SQL on a GeoPackage, and the FlatGeobuf header's
/// index node size (read from the file's bytes: GDAL 3.6's ogrinfo does not show it).
/// </summary>
public static class OgrReadBack
{
    /// <summary><c>ogrinfo -so -al</c>: feature count, geometry type, extent, SRS, fields.</summary>
    public static string Summary(string path) => ProcessRunner.RunChecked("ogrinfo", "-so", "-al", path);

    /// <summary>Every feature through <c>ogr2ogr -f CSV</c>, in file order: "WKT" (the geometry) and each field, as text.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Rows(string path, params string[] extra)
    {
        string csv = ProcessRunner.RunChecked("ogr2ogr", [.. (string[])["-f", "CSV", "/vsistdout/", path, "-lco", "GEOMETRY=AS_WKT", "-lco", "STRING_QUOTING=ALWAYS"], .. extra]);
        var lines = ParseCsv(csv);
        var header = lines[0];
        return [.. lines.Skip(1).Select(l => (IReadOnlyDictionary<string, string>)header.Zip(l).ToDictionary(p => p.First, p => p.Second))];
    }

    /// <summary>The first value of a SQL query run by ogrinfo against the file (SQLite SQL for a GeoPackage).</summary>
    public static string Scalar(string path, string sql)
    {
        string output = ProcessRunner.RunChecked("ogrinfo", "-q", path, "-sql", sql);
        var line = output.Split('\n').Select(l => l.Trim()).First(l => l.Contains(") = ", StringComparison.Ordinal));
        return line[(line.IndexOf(") = ", StringComparison.Ordinal) + 4)..];
    }

    /// <summary>
    /// FlatGeobuf's <c>index_node_size</c> (Header field 9, a ushort defaulting to 16; 0 means the file
    /// has no spatial index), read from the flatbuffer header after the 8 magic bytes and its length.
    /// </summary>
    public static int FlatGeobufIndexNodeSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan(0, 3).SequenceEqual("fgb"u8))
        {
            throw new InvalidDataException($"{path} is not FlatGeobuf");
        }

        var header = bytes.AsSpan(12);
        int table = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
        int vtable = table - BinaryPrimitives.ReadInt32LittleEndian(header[table..]);
        int vtableLength = BinaryPrimitives.ReadUInt16LittleEndian(header[vtable..]);
        const int field = 9;
        int slot = 4 + (2 * field);
        if (slot + 2 > vtableLength)
        {
            return 16;
        }

        int offset = BinaryPrimitives.ReadUInt16LittleEndian(header[(vtable + slot)..]);
        return offset == 0 ? 16 : BinaryPrimitives.ReadUInt16LittleEndian(header[(table + offset)..]);
    }

    private static List<List<string>> ParseCsv(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            char c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString().TrimEnd('\r'));
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
