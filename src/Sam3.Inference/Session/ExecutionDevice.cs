using System.Globalization;

namespace Sam3.Inference.Session;

/// <summary>Which execution provider the user asked for.</summary>
public enum DeviceKind
{
    /// <summary>CUDA when its provider loads, CPU otherwise.</summary>
    Auto,
    Cpu,
    Cuda,
}

/// <summary>A parsed device string: <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
public sealed record ExecutionDevice(DeviceKind Kind, int CudaDeviceId)
{
    public static ExecutionDevice Auto { get; } = new(DeviceKind.Auto, 0);

    public static ExecutionDevice Cpu { get; } = new(DeviceKind.Cpu, 0);

    public static ExecutionDevice Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "auto")
        {
            return Auto;
        }

        if (t == "cpu")
        {
            return Cpu;
        }

        if (t == "cuda")
        {
            return new(DeviceKind.Cuda, 0);
        }

        if (t.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new(DeviceKind.Cuda, id);
        }

        throw new ArgumentException($"unknown device '{text}': use auto, cpu, cuda or cuda:N");
    }

    public override string ToString() => Kind switch
    {
        DeviceKind.Auto => "auto",
        DeviceKind.Cpu => "cpu",
        _ => $"cuda:{CudaDeviceId}",
    };
}
