using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sam3.Inference.Contract;

/// <summary>The inputs and outputs a loaded model declares.</summary>
public sealed record ModelSignature(IReadOnlyList<TensorSignature> Inputs, IReadOnlyList<TensorSignature> Outputs)
{
    public static ModelSignature FromSession(InferenceSession session) =>
        new(Read(session.InputMetadata), Read(session.OutputMetadata));

    /// <summary>
    /// Reads a model file's signature through a CPU session (cheap: no provider beyond CPU, no run).
    /// A missing file is reported as such rather than as ONNX Runtime's generic load failure.
    /// </summary>
    public static ModelSignature ReadFile(string modelPath)
    {
        ModelFiles.RequireExists(modelPath);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = ModelFiles.Load(modelPath, options);
        return FromSession(session);
    }

    /// <summary>The weights files (ONNX external data) a model file's graph names beside it; none when its weights are inline.</summary>
    public static IReadOnlyList<Onnx.ExternalDataFile> WeightsFiles(string modelPath) => ModelFiles.WeightsFiles(modelPath);

    private static List<TensorSignature> Read(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        metadata.Select(pair => new TensorSignature(pair.Key, Element(pair.Value), Dims(pair.Value))).ToList();

    private static TensorElement Element(NodeMetadata node) =>
        node.OnnxValueType != OnnxValueType.ONNX_TYPE_TENSOR ? TensorElement.Other : node.ElementDataType switch
        {
            TensorElementType.Float => TensorElement.Float32,
            TensorElementType.Int64 => TensorElement.Int64,
            TensorElementType.Int32 => TensorElement.Int32,
            TensorElementType.Float16 => TensorElement.Float16,
            TensorElementType.Bool => TensorElement.Bool,
            TensorElementType.UInt8 => TensorElement.UInt8,
            TensorElementType.Double => TensorElement.Float64,
            _ => TensorElement.Other,
        };

    private static ModelDim[] Dims(NodeMetadata node)
    {
        var sizes = node.Dimensions;
        var symbols = node.SymbolicDimensions;
        var dims = new ModelDim[sizes.Length];
        for (var i = 0; i < sizes.Length; i++)
        {
            var symbol = i < symbols.Length && !string.IsNullOrEmpty(symbols[i]) ? symbols[i] : null;
            dims[i] = new ModelDim(sizes[i] < 0 ? -1 : sizes[i], symbol);
        }

        return dims;
    }
}
