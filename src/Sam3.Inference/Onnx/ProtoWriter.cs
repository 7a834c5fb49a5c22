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
    private readonly MemoryStream buffer = new();
    private readonly CodedOutputStream output;

    public ProtoWriter() => output = new CodedOutputStream(buffer, leaveOpen: true);

    public ProtoWriter Int(int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
        return this;
    }

    public ProtoWriter String(int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
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
            packed.output.WriteInt64(v);
        }

        return Bytes(field, packed.ToArray());
    }

    public byte[] ToArray()
    {
        output.Flush();
        return buffer.ToArray();
    }
}
#pragma warning restore CA1001
