using System.Runtime.InteropServices;

namespace Sam3.Inference.Session;

/// <summary>
/// Finds out why the CUDA execution provider does not load. ONNX Runtime's exception only says
/// "Failed to load shared library" (the reason goes to its log); loading the provider library
/// ourselves yields the dynamic loader's reason, e.g. "libcublasLt.so.13: cannot open shared object file".
/// </summary>
internal static class CudaProviderProbe
{
    private const string ProviderLibrary = "libonnxruntime_providers_cuda.so";

    /// <summary>The loader's reason, or null when the library loads (the failure is elsewhere) or cannot be found.</summary>
    public static string? LoaderReason()
    {
        var path = Candidates().FirstOrDefault(File.Exists);
        if (path is null)
        {
            return $"{ProviderLibrary} not found next to the application";
        }

        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return null;
        }
        catch (DllNotFoundException ex)
        {
            // .NET's message repeats the path and lists attempts; the loader's own words are the useful part.
            var line = ex.Message.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("cannot open", StringComparison.Ordinal) || l.Contains("undefined symbol", StringComparison.Ordinal));
            if (line is null)
            {
                return ex.Message.Split('\n')[0].Trim();
            }

            var start = line.IndexOf(path, StringComparison.Ordinal);
            return start >= 0 ? line[(start + path.Length)..].TrimStart(':', ' ') : line;
        }
    }

    private static IEnumerable<string> Candidates()
    {
        var baseDir = AppContext.BaseDirectory;
        yield return Path.Combine(baseDir, ProviderLibrary);
        yield return Path.Combine(baseDir, "runtimes", "linux-x64", "native", ProviderLibrary);
    }
}
