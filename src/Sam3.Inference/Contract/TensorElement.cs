namespace Sam3.Inference.Contract;

/// <summary>The element types the contract talks about, named as the ONNX spec names them.</summary>
public enum TensorElement
{
    Other = 0,
    Float32,
    Int64,
    Int32,
    Float16,
    Bool,
    UInt8,
    Float64,
}

public static class TensorElementNames
{
    public static string Name(this TensorElement element) => element switch
    {
        TensorElement.Float32 => "float32",
        TensorElement.Int64 => "int64",
        TensorElement.Int32 => "int32",
        TensorElement.Float16 => "float16",
        TensorElement.Bool => "bool",
        TensorElement.UInt8 => "uint8",
        TensorElement.Float64 => "float64",
        _ => "other",
    };
}
