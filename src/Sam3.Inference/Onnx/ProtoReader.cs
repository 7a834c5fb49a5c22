using System.Text;

namespace Sam3.Inference.Onnx;

/// <summary>
/// Walks the fields of a protobuf message in a seekable stream without reading what it skips:
/// enough to find the few small fields of a model file we look for (external-data entries)
/// while stepping over gigabytes of inline weights. Google.Protobuf's CodedInputStream reads
/// skipped bytes and keeps nested-message limits internal, so it cannot do this.
/// </summary>
internal sealed class ProtoReader(Stream stream)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    public long Position => stream.Position;

    /// <summary>The next field before <paramref name="end"/>; false at the end of the message.</summary>
    public bool Next(long end, out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (stream.Position >= end)
        {
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    public long ReadVarint()
    {
        long value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new InvalidDataException("truncated protobuf varint");
            }

            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("malformed protobuf varint");
    }

    /// <summary>Reads a length prefix and returns where that nested message or string ends.</summary>
    public long ReadLengthEnd()
    {
        var length = ReadVarint();
        if (length < 0 || stream.Position + length > stream.Length)
        {
            throw new InvalidDataException("protobuf length runs past the end of the file");
        }

        return stream.Position + length;
    }

    public string ReadString()
    {
        var end = ReadLengthEnd();
        var bytes = new byte[end - stream.Position];
        stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                stream.Seek(8, SeekOrigin.Current);
                break;
            case LengthDelimited:
                stream.Position = ReadLengthEnd();
                break;
            case Fixed32:
                stream.Seek(4, SeekOrigin.Current);
                break;
            default:
                throw new InvalidDataException($"unsupported protobuf wire type {wireType}");
        }
    }
}
