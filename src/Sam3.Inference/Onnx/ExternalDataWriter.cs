namespace Sam3.Inference.Onnx;

/// <summary>
/// Appends initializer bytes to a model's weights file, each at an offset aligned to a 4096-byte
/// page, so a runtime may map a tensor straight from the file.
/// <see cref="Location"/> is the file name the graph records: relative, so runtimes look for it in
/// the graph's folder.
/// </summary>
internal sealed class ExternalDataWriter : IDisposable
{
    /// <summary>
    /// Smaller tensors stay inline: ONNX shape inference, which ONNX Runtime runs at load, reads small
    /// constants that are shape operands (Reshape's shape, Unsqueeze's axes) and cannot read them
    /// from external data. onnx's own converter keeps tensors under 1 KB inline for the same reason.
    /// </summary>
    public const int MinimumBytes = 1024;

    private const int Alignment = 4096;
    private readonly FileStream stream;

    public ExternalDataWriter(string path, string location)
    {
        stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Location = location;
    }

    public string Location { get; }

    /// <summary>Writes <paramref name="bytes"/> at the next aligned offset and returns that offset.</summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        var offset = (stream.Position + Alignment - 1) / Alignment * Alignment;
        stream.Position = offset;
        stream.Write(bytes);
        return offset;
    }

    public void Dispose() => stream.Dispose();
}
