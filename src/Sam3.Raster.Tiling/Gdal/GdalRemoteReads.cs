using System.Runtime.InteropServices;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// How GDAL reads remote rasters (<c>/vsicurl/</c>, <c>/vsis3/</c>, …): the process-wide options a
/// COG on object storage wants, and forgetting what was fetched of a file so a retried read
/// fetches it again. An option the operator set (environment or config) is never overridden.
/// </summary>
public static partial class GdalRemoteReads
{
    /// <summary>
    /// The process-wide defaults: transient HTTP errors (429, 5xx, timeouts) are retried by GDAL
    /// itself a few times, one second apart and growing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        ["GDAL_HTTP_MAX_RETRY"] = "3",
        ["GDAL_HTTP_RETRY_DELAY"] = "1",
    };

    private const string ReadDirOnOpen = "GDAL_DISABLE_READDIR_ON_OPEN";

    /// <summary>The GDAL path prefixes of network file systems, whose reads can fail half-way and be retried.</summary>
    private static readonly string[] NetworkPrefixes = ["/vsicurl/", "/vsicurl?", "/vsis3/", "/vsigs/", "/vsiaz/", "/vsiadls/", "/vsioss/", "/vsiswift/", "/vsihdfs/", "/vsiwebhdfs/"];

    /// <summary>Sets each of <see cref="Defaults"/> that is not set yet (called once, with the block cache).</summary>
    internal static void ApplyDefaults()
    {
        foreach (var (key, value) in Defaults)
        {
            if (CPLGetConfigOption(key, null) == IntPtr.Zero)
            {
                CPLSetConfigOption(key, value);
            }
        }
    }

    /// <summary>
    /// While a remote raster opens on this thread, GDAL takes its folder as empty: it lists no
    /// remote folder (a request, which object storage may refuse) and probes no sidecar files. Local
    /// rasters keep their sidecars (.aux.xml, .msk, .ovr). Null for a local path or when the
    /// operator set the option.
    /// </summary>
    internal static OpeningScope? Opening(string path)
    {
        if (!IsRemote(path) || CPLGetConfigOption(ReadDirOnOpen, null) != IntPtr.Zero)
        {
            return null;
        }

        CPLSetThreadLocalConfigOption(ReadDirOnOpen, "EMPTY_DIR");
        return new OpeningScope();
    }

    /// <summary>Ends <see cref="Opening"/>: the option goes back to unset on this thread.</summary>
    internal sealed class OpeningScope : IDisposable
    {
        public void Dispose() => CPLSetThreadLocalConfigOption(ReadDirOnOpen, null);
    }

    /// <summary>Whether <paramref name="path"/> is read over the network (possibly inside /vsizip/ and the like).</summary>
    public static bool IsRemote(string path) => NetworkPrefixes.Any(p => path.Contains(p, StringComparison.Ordinal));

    /// <summary>
    /// Drops GDAL's cached bytes and properties of a remote file (its network cache keeps what was
    /// downloaded, including a body cut short). A no-op for local paths. Close the file's datasets
    /// first: the block cache of an open dataset holds decoded blocks of its own.
    /// </summary>
    public static void Forget(string path)
    {
        if (!IsRemote(path))
        {
            return;
        }

        GdalLibrary.EnsureRegistered();
        int start = NetworkPrefixes.Select(p => path.IndexOf(p, StringComparison.Ordinal)).Where(i => i >= 0).Min();
        VSICurlPartialClearCache(path[start..]);
    }

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr CPLGetConfigOption(string key, string? defaultValue);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void CPLSetConfigOption(string key, string? value);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void CPLSetThreadLocalConfigOption(string key, string? value);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void VSICurlPartialClearCache(string prefix);
}
