namespace Sam3.Inference.Onnx;

/// <summary>A node attribute (ONNX AttributeProto) of one of the kinds our models use.</summary>
public sealed class OnnxAttribute
{
    private readonly Action<ProtoWriter> body;

    private OnnxAttribute(string name, Action<ProtoWriter> body)
    {
        Name = name;
        this.body = body;
    }

    public string Name { get; }

    // AttributeProto field numbers and AttributeType codes from onnx.proto.
    public static OnnxAttribute Int(string name, long value) => new(name, w => w.Int(3, value).Int(20, 2));

    public static OnnxAttribute Float(string name, float value) => new(name, w => w.Float(2, value).Int(20, 1));

    public static OnnxAttribute String(string name, string value) =>
        new(name, w => w.Bytes(4, System.Text.Encoding.UTF8.GetBytes(value)).Int(20, 3));

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, w => w.PackedInts(8, values).Int(20, 7));

    internal void Write(ProtoWriter w)
    {
        w.String(1, Name);
        body(w);
    }
}
