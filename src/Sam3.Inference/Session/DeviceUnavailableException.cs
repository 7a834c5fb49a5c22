namespace Sam3.Inference.Session;

/// <summary>
/// The user asked for CUDA explicitly and its provider would not load. A user-facing error (an
/// <see cref="InvalidOperationException"/> would read as our bug): the machine lacks CUDA 13 /
/// cuDNN 9 or the device does not exist, and the message carries ONNX Runtime's reason.
/// </summary>
public sealed class DeviceUnavailableException : IOException
{
    public DeviceUnavailableException(string message)
        : base(message)
    {
    }
}
