namespace Sam3.Inference.Contract;

/// <summary>A tensor as a model declares it (from ONNX Runtime's metadata).</summary>
public sealed record TensorSignature(string Name, TensorElement Element, IReadOnlyList<ModelDim> Dims)
{
    /// <summary>E.g. <c>int32 [P,77]</c>.</summary>
    public string Describe() => $"{Element.Name()} [{string.Join(',', Dims)}]";
}
