using Microsoft.ML.OnnxRuntime;
using Sam3.Inference.Onnx;

namespace Sam3.Inference.Contract;

/// <summary>
/// Opening model files with errors that name the file. A model may keep its weights beside the
/// graph (ONNX external data, e.g. <c>sam3.onnx</c> + <c>sam3.onnx.data</c>: SAM3 is over
/// protobuf's 2 GB limit); sessions are created from the graph's path, so ONNX Runtime finds those
/// files in the graph's folder, and they are checked here first so that a missing or truncated
/// copy is named rather than reported as ONNX Runtime's generic load failure.
/// </summary>
internal static class ModelFiles
{
    public static void RequireExists(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"model file not found: {modelPath}", modelPath);
        }

        foreach (var data in WeightsFiles(modelPath))
        {
            if (!File.Exists(data.FullPath))
            {
                throw new FileNotFoundException(
                    $"model {modelPath} keeps its weights in {data.Location} (ONNX external data), which is not beside it: {data.FullPath} not found",
                    data.FullPath);
            }

            var size = new FileInfo(data.FullPath).Length;
            if (size < data.RequiredBytes)
            {
                throw new InvalidDataException(
                    $"model {modelPath}: its weights file {data.FullPath} is {size} bytes, the graph needs {data.RequiredBytes} (an incomplete copy?)");
            }
        }
    }

    /// <summary>The external-data files the graph names; none for a graph with its weights inline, or one that is not ONNX (ONNX Runtime then says why).</summary>
    public static IReadOnlyList<ExternalDataFile> WeightsFiles(string modelPath)
    {
        try
        {
            return OnnxExternalData.Read(modelPath);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or OverflowException)
        {
            return [];
        }
    }

    /// <summary>ONNX Runtime's own load errors do not say which file; ours do.</summary>
    public static InferenceSession Load(string modelPath, SessionOptions options)
    {
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"cannot load model {modelPath}: {ex.Message}", ex);
        }
    }
}
