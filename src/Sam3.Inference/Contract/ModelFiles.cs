using Microsoft.ML.OnnxRuntime;

namespace Sam3.Inference.Contract;

/// <summary>Opening model files with errors that name the file.</summary>
internal static class ModelFiles
{
    public static void RequireExists(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"model file not found: {modelPath}", modelPath);
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
