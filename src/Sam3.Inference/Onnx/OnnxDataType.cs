namespace Sam3.Inference.Onnx;

/// <summary>ONNX <c>TensorProto.DataType</c> codes used by the models we write.</summary>
public enum OnnxDataType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
}
