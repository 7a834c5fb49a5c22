using System.Runtime.InteropServices;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// Reads files through GDAL's virtual file systems, so a document beside the rasters (a STAC item)
/// is fetched exactly as they are: local paths, <c>/vsicurl/</c> with GDAL's HTTP options and
/// retries, <c>/vsis3/</c> with the operator's credentials.
/// </summary>
public static partial class GdalVsiFile
{
    /// <summary>The first <paramref name="count"/> bytes (fewer when the file is shorter), or null when it cannot be opened.</summary>
    public static byte[]? TryReadPrefix(string path, int count)
    {
        GdalCache.EnsureConfigured();
        GdalLibrary.ResetError();
        var file = VSIFOpenL(path, "rb");
        if (file == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            var buffer = new byte[count];
            int read = Read(file, buffer);
            return buffer[..read];
        }
        finally
        {
            _ = VSIFCloseL(file);
        }
    }

    /// <summary>The whole file; an <see cref="IOException"/> naming it when it cannot be read or is larger than <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAll(string path, int maxBytes)
    {
        GdalCache.EnsureConfigured();
        GdalLibrary.ResetError();
        var file = VSIFOpenL(path, "rb");
        if (file == IntPtr.Zero)
        {
            throw new IOException($"{path}: cannot read it: {GdalLibrary.LastErrorMessage("no such file")}");
        }

        try
        {
            using var all = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = Read(file, chunk)) > 0)
            {
                all.Write(chunk, 0, read);
                if (all.Length > maxBytes)
                {
                    throw new IOException($"{path}: larger than {maxBytes / (1024 * 1024)} MB, too large for a STAC document");
                }
            }

            return all.ToArray();
        }
        finally
        {
            _ = VSIFCloseL(file);
        }
    }

    private static unsafe int Read(IntPtr file, byte[] buffer)
    {
        fixed (byte* p = buffer)
        {
            return checked((int)VSIFReadL(p, 1, (nuint)buffer.Length, file));
        }
    }

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr VSIFOpenL(string path, string mode);

    [LibraryImport(GdalLibrary.Name)]
    private static unsafe partial nuint VSIFReadL(void* buffer, nuint size, nuint count, IntPtr file);

    [LibraryImport(GdalLibrary.Name)]
    private static partial int VSIFCloseL(IntPtr file);
}
