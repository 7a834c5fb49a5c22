using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Sam3.Raster.TestSupport.Http;

/// <summary>
/// An HTTP server on 127.0.0.1 (an ephemeral port, never another interface) serving the files of a
/// folder the way object storage serves COGs: HEAD, single byte ranges (206 with Content-Range,
/// Accept-Ranges), content types for .tif and .json. Kestrel's static-file middleware does the HTTP;
/// this class adds a log of the ranged reads and <see cref="RangeFault"/>s that cut a connection
/// in the middle of a body.
/// </summary>
public sealed class RangeFileServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<string> requests = new();
    private readonly Lock faultLock = new();
    private RangeFault? fault;
    private int drops;

    public RangeFileServer(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            requests.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Request.Headers.Range}");
            if (TakeFault(context.Request) is { } limit)
            {
                context.Response.Body = new TruncatingStream(context.Response.Body, limit, context.Abort);
            }

            await next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.GetFullPath(root)),
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
        });
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Connections cut so far by <see cref="RangeFault"/>s.</summary>
    public int Drops => Volatile.Read(ref drops);

    /// <summary>Every request so far: method, path and Range header, in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. requests];

    /// <summary>The URL of a file under the served folder (forward slashes).</summary>
    public string Url(string relativePath) => new Uri(BaseUri, relativePath).AbsoluteUri;

    /// <summary>Arms one fault (replacing any earlier one); its count starts now.</summary>
    public void Inject(RangeFault next)
    {
        lock (faultLock)
        {
            fault = next;
        }
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The body length to let through when this request is one the fault aims at.</summary>
    private long? TakeFault(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) || ParseRange(request.Headers.Range.ToString()) is not { } range)
        {
            return null;
        }

        lock (faultLock)
        {
            if (fault is null || fault.Offset < range.First || fault.Offset > range.Last)
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
    private static (long First, long Last)? ParseRange(string range)
    {
        const string unit = "bytes=";
        if (!range.StartsWith(unit, StringComparison.Ordinal) || range.Contains(',', StringComparison.Ordinal))
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
