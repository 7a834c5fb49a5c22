using System.Runtime.InteropServices;

namespace Sam3.Inference.Onnx;

/// <summary>
/// Builds a small ONNX model (one graph, default domain) and writes it as a ModelProto.
/// Field numbers follow onnx/onnx.proto; only what our contract models use is supported:
/// nodes with int/float/string/ints attributes, float/int64 initializers, typed inputs and
/// outputs with fixed or symbolic dims. Initializers go inline (<see cref="ToBytes"/>) or, with
/// <see cref="Save(string, bool)"/>'s <c>externalData</c>, into a weights file beside the graph
/// (ONNX external data), as a model over protobuf's 2 GB limit such as SAM3 must be written.
/// </summary>
public sealed class OnnxModelBuilder
{
    /// <summary>Opset 17: every op we use is stable there and ReduceMax/Min/Mean still take <c>axes</c> as an attribute.</summary>
    public const int Opset = 17;

    private const int IrVersion = 8;
    private readonly List<Action<ProtoWriter>> nodes = [];
    private readonly List<InitializerData> initializers = [];
    private readonly List<Action<ProtoWriter>> inputs = [];
    private readonly List<Action<ProtoWriter>> outputs = [];
    private int nextName;

    public OnnxModelBuilder(string graphName) => GraphName = graphName;

    public string GraphName { get; }

    /// <summary>Declares a graph input; a dim is a number (fixed) or a string (symbolic).</summary>
    public string Input(string name, OnnxDataType type, params object[] dims)
    {
        inputs.Add(w => ValueInfo(w, name, type, dims));
        return name;
    }

    public void Output(string name, OnnxDataType type, params object[] dims) =>
        outputs.Add(w => ValueInfo(w, name, type, dims));

    public string Floats(float[] values, params long[] dims) =>
        Initializer(OnnxDataType.Float, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims);

    public string Ints(long[] values, params long[] dims) =>
        Initializer(OnnxDataType.Int64, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims);

    public string Scalar(float value) => Floats([value]);

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, string[] inputs, params OnnxAttribute[] attributes) =>
        NodeTo(op, inputs, FreshName(op), attributes);

    /// <summary>Adds a node writing to a chosen output name (e.g. a graph output).</summary>
    public string NodeTo(string op, string[] inputs, string output, params OnnxAttribute[] attributes)
    {
        NodeMulti(op, inputs, [output], attributes);
        return output;
    }

    public void NodeMulti(string op, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        var name = FreshName(op + "_node");
        nodes.Add(w =>
        {
            foreach (var i in inputs)
            {
                w.String(1, i);
            }

            foreach (var o in outputs)
            {
                w.String(2, o);
            }

            w.String(3, name).String(4, op);
            foreach (var a in attributes)
            {
                w.Message(5, a.Write);
            }
        });
    }

    public string FreshName(string stem) => $"{stem}_{nextName++}";

    /// <summary>The model with every initializer inline.</summary>
    public byte[] ToBytes() => Serialize(external: null);

    private byte[] Serialize(ExternalDataWriter? external)
    {
        var model = new ProtoWriter()
            .Int(1, IrVersion)
            .String(2, "Sam3.Inference")
            .Message(7, graph =>
            {
                foreach (var n in nodes)
                {
                    graph.Message(1, n);
                }

                graph.String(2, GraphName);
                foreach (var t in initializers)
                {
                    graph.Message(5, w => t.Write(w, external));
                }

                foreach (var i in inputs)
                {
                    graph.Message(11, i);
                }

                foreach (var o in outputs)
                {
                    graph.Message(12, o);
                }
            })
            .Message(8, opset => opset.String(1, string.Empty).Int(2, Opset));
        return model.ToArray();
    }

    /// <summary>
    /// Writes the model atomically (temp file + rename), so a reader never sees half a model. With
    /// <paramref name="externalData"/> every initializer's bytes go to <see cref="ExternalDataPath"/>
    /// (written and renamed first, so the graph never names a weights file that is not there yet).
    /// </summary>
    public void Save(string path, bool externalData = false)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var suffix = ".tmp-" + Environment.ProcessId;
        byte[] graph;
        if (externalData)
        {
            var dataPath = ExternalDataPath(full);
            using (var external = new ExternalDataWriter(dataPath + suffix, Path.GetFileName(dataPath)))
            {
                graph = Serialize(external);
            }

            File.Move(dataPath + suffix, dataPath, overwrite: true);
        }
        else
        {
            graph = ToBytes();
        }

        File.WriteAllBytes(full + suffix, graph);
        File.Move(full + suffix, full, overwrite: true);
    }

    /// <summary>The weights file <see cref="Save(string, bool)"/> writes beside a graph: <c>model.onnx</c> → <c>model.onnx.data</c>, the name torch.onnx and onnx's own tools use.</summary>
    public static string ExternalDataPath(string modelPath) => modelPath + ".data";

    private string Initializer(OnnxDataType type, byte[] raw, long[] dims)
    {
        var name = FreshName("const");
        initializers.Add(new InitializerData(name, type, dims, raw));
        return name;
    }

    private static void ValueInfo(ProtoWriter w, string name, OnnxDataType type, object[] dims) =>
        w.String(1, name).Message(2, typeProto => typeProto.Message(1, tensor =>
        {
            tensor.Int(1, (int)type);
            tensor.Message(2, shape =>
            {
                foreach (var d in dims)
                {
                    shape.Message(1, dim =>
                    {
                        if (d is string symbol)
                        {
                            dim.String(2, symbol);
                        }
                        else
                        {
                            dim.Int(1, Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture));
                        }
                    });
                }
            });
        }));
}
