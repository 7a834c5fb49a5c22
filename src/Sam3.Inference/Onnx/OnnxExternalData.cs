using System.Globalization;

namespace Sam3.Inference.Onnx;

/// <summary>
/// Lists the weights files a model's initializers are stored in (ONNX external data: TensorProto
/// <c>data_location = EXTERNAL</c> with location/offset/length entries). A graph that keeps every
/// weight inline lists none. Attribute tensors and subgraphs are not searched: exporters (torch.onnx,
/// onnx's converter by default) move initializers only.
/// </summary>
public static class OnnxExternalData
{
    // Field numbers (onnx/onnx.proto): ModelProto.graph, GraphProto.initializer,
    // TensorProto.external_data, StringStringEntryProto.key / value.
    private const int GraphField = 7;
    private const int InitializerField = 5;
    private const int ExternalDataField = 13;

    public static IReadOnlyList<ExternalDataFile> Read(string modelPath)
    {
        using var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        var reader = new ProtoReader(stream);
        var needed = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Next(stream.Length, out var field, out var wire))
        {
            if (field == GraphField && wire == ProtoReader.LengthDelimited)
            {
                ReadGraph(reader, reader.ReadLengthEnd(), needed);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        return [.. needed.Select(pair => new ExternalDataFile(pair.Key, Path.Combine(folder, pair.Key), pair.Value))];
    }

    private static void ReadGraph(ProtoReader reader, long end, Dictionary<string, long> needed)
    {
        while (reader.Next(end, out var field, out var wire))
        {
            if (field == InitializerField && wire == ProtoReader.LengthDelimited)
            {
                ReadTensor(reader, reader.ReadLengthEnd(), needed);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static void ReadTensor(ProtoReader reader, long end, Dictionary<string, long> needed)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Next(end, out var field, out var wire))
        {
            if (field == ExternalDataField && wire == ProtoReader.LengthDelimited)
            {
                var (key, value) = ReadEntry(reader, reader.ReadLengthEnd());
                entries[key] = value;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (!entries.TryGetValue("location", out var location))
        {
            return;
        }

        var offset = entries.TryGetValue("offset", out var o) ? long.Parse(o, CultureInfo.InvariantCulture) : 0;
        // Without a length the tensor runs to the end of the file: it needs at least its offset.
        var length = entries.TryGetValue("length", out var l) ? long.Parse(l, CultureInfo.InvariantCulture) : 0;
        needed[location] = Math.Max(needed.GetValueOrDefault(location), offset + length);
    }

    private static (string Key, string Value) ReadEntry(ProtoReader reader, long end)
    {
        string key = "", value = "";
        while (reader.Next(end, out var field, out var wire))
        {
            if (wire == ProtoReader.LengthDelimited && field is 1 or 2)
            {
                var text = reader.ReadString();
                if (field == 1)
                {
                    key = text;
                }
                else
                {
                    value = text;
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (key, value);
    }
}
