namespace Sam3.Inference.Onnx;

/// <summary>
/// A weights file an ONNX graph refers to (external data): its location as the graph records it
/// (relative to the graph's folder), the full path, and the bytes the graph's tensors need from it
/// (the largest offset + length).
/// </summary>
public sealed record ExternalDataFile(string Location, string FullPath, long RequiredBytes);
