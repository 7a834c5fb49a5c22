using Google.Protobuf;

namespace Sam3.Inference.Onnx;

/// <summary>
/// Minimal protobuf encoding over Google.Protobuf's <see cref="CodedOutputStream"/>: enough to
/// write ONNX's ModelProto without generated classes (no .proto compiler in the build).
/// Nested messages are encoded into their own buffer first, since their length prefixes them.
/// </summary>
// A MemoryStream and a CodedOutputStream over it hold no native resources: nothing to dispose.
#pragma warning disable CA1001
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _out;

    public ProtoWriter() => _out = new CodedOutputStream(_buffer, leaveOpen: true);

    public ProtoWriter Int(int field, long value)
    {
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteInt64(value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        _out.WriteTag(field, WireFormat.WireType.Fixed32);
        _out.WriteFloat(value);
        return this;
    }

    public ProtoWriter String(int field, string value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteString(value);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoWriter Message(int field, Action<ProtoWriter> body)
    {
        var nested = new ProtoWriter();
        body(nested);
        return Bytes(field, nested.ToArray());
    }

    /// <summary>Packed repeated int64 (ONNX <c>dims</c>, <c>ints</c>).</summary>
    public ProtoWriter PackedInts(int field, IEnumerable<long> values)
    {
        var packed = new ProtoWriter();
        foreach (var v in values)
        {
            packed._out.WriteInt64(v);
        }

        return Bytes(field, packed.ToArray());
    }

    public byte[] ToArray()
    {
        _out.Flush();
        return _buffer.ToArray();
    }
}
#pragma warning restore CA1001
