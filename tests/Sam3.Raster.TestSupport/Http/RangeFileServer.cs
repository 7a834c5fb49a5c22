using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Sam3.Raster.TestSupport.Http;

/// <summary>
/// An HTTP server on 127.0.0.1 (a free port, never another interface) serving the files of a folder
/// the way object storage serves COGs: HEAD, single byte ranges (206 with Content-Range,
/// Accept-Ranges; several ranges in one request get the whole file, as HTTP allows), content
/// types for .tif and .json. It logs every request, and <see cref="RangeFault"/>s cut a connection
/// in the middle of a body. HttpListener, part of the runtime: the sam3r child processes the tests
/// start from the same folder must not see an ASP.NET Core framework reference.
/// </summary>
public sealed class RangeFileServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly string root;
    private readonly Task accepting;
    private readonly ConcurrentQueue<string> requests = new();
    private readonly Lock faultLock = new();
    private RangeFault? fault;
    private int drops;

    public RangeFileServer(string root)
    {
        this.root = Path.GetFullPath(root).TrimEnd('/') + "/";
        BaseUri = new Uri($"http://127.0.0.1:{TestPorts.Free()}/");
        listener.Prefixes.Add(BaseUri.AbsoluteUri);
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Connections cut so far by <see cref="RangeFault"/>s.</summary>
    public int Drops => Volatile.Read(ref drops);

    /// <summary>Every request so far: method, path and Range header, in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. requests];

    /// <summary>The URL of a file under the served folder (forward slashes).</summary>
    public string Url(string relativePath) => new Uri(BaseUri, relativePath).AbsoluteUri;

    /// <summary>Arms a fault, replacing any earlier one; null disarms.</summary>
    public void Inject(RangeFault? next)
    {
        lock (faultLock)
        {
            fault = next;
        }
    }

    public void Dispose()
    {
        listener.Close();
        try
        {
            accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the accept loop ends with the listener
        }
    }

    private async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        string? rangeHeader = request.Headers["Range"];
        requests.Enqueue($"{request.HttpMethod} {request.Url!.AbsolutePath} {rangeHeader}");
        try
        {
            string path = Path.GetFullPath(root + Uri.UnescapeDataString(request.Url.AbsolutePath).TrimStart('/'));
            if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path) || request.HttpMethod is not ("GET" or "HEAD"))
            {
                response.StatusCode = File.Exists(path) ? 405 : 404;
                response.Close();
                return;
            }

            long length = new FileInfo(path).Length;
            response.Headers["Accept-Ranges"] = "bytes";
            response.ContentType = Path.GetExtension(path) switch
            {
                ".json" => "application/json",
                ".tif" or ".tiff" => "image/tiff",
                _ => "application/octet-stream",
            };

            var range = ParseRange(rangeHeader);
            if (range is { } r && r.First >= length)
            {
                response.StatusCode = 416;
                response.Headers["Content-Range"] = $"bytes */{length}";
                response.Close();
                return;
            }

            long first = range?.First ?? 0, last = Math.Min(range?.Last ?? long.MaxValue, length - 1);
            if (range is not null)
            {
                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {first}-{last}/{length}";
            }

            response.ContentLength64 = last - first + 1;
            if (request.HttpMethod == "HEAD")
            {
                response.Close();
                return;
            }

            long? limit = request.HttpMethod == "GET" && range is not null ? TakeFault(first, last) : null;
            await SendAsync(path, first, Math.Min(last - first + 1, limit ?? long.MaxValue), response.OutputStream);
            if (limit is not null)
            {
                response.Abort();
            }
            else
            {
                response.Close();
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client went away
        }
    }

    private static async Task SendAsync(string path, long offset, long count, Stream output)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        file.Position = offset;
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            int read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)));
            if (read == 0)
            {
                break;
            }

            await output.WriteAsync(buffer.AsMemory(0, read));
            count -= read;
        }

        await output.FlushAsync();
    }

    /// <summary>The body length to let through when this request is one the fault aims at.</summary>
    private long? TakeFault(long first, long last)
    {
        lock (faultLock)
        {
            if (fault is null || fault.Offset < first || fault.Offset > last)
            {
                return null;
            }

            long limit = fault.AfterBytes;
            fault = fault.Times > 1 ? fault with { Times = fault.Times - 1 } : null;
            Interlocked.Increment(ref drops);
            return limit;
        }
    }

    /// <summary>The bytes of a single <c>bytes=a-b</c> (or <c>bytes=a-</c>) range, or null when there is none.</summary>
    private static (long First, long Last)? ParseRange(string? range)
    {
        const string unit = "bytes=";
        if (range is null || !range.StartsWith(unit, StringComparison.Ordinal) || range.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var parts = range[unit.Length..].Split('-');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long first))
        {
            return null;
        }

        return (first, long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long last) ? last : long.MaxValue);
    }
}
