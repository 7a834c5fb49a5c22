namespace Sam3.Raster.TestSupport.Http;

/// <summary>
/// A response body that passes <c>limit</c> bytes through, then aborts the connection (the client
/// sees a body shorter than its Content-Length) and swallows the rest.
/// </summary>
internal sealed class TruncatingStream(Stream inner, long limit, Action abort) : Stream
{
    private long written;
    private bool aborted;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (aborted)
        {
            return;
        }

        long room = limit - written;
        if (room > 0)
        {
            var part = buffer[..(int)Math.Min(room, buffer.Length)];
            await inner.WriteAsync(part, cancellationToken);
            written += part.Length;
        }

        if (written >= limit)
        {
            await inner.FlushAsync(cancellationToken);
            aborted = true;
            abort();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => aborted ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
