using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Writing;

/// <summary>
/// GDAL's COG driver: copies a finished raster into a cloud-optimized GeoTIFF (tiles, overviews and
/// the header laid out so a reader fetches the header, then any level's tiles, by range requests).
/// GDAL builds the overviews from the source through its block cache, so memory stays bounded by
/// that cache whatever the raster's size.
/// </summary>
public static class CloudOptimizedGeoTiff
{
    /// <summary>Whether this GDAL's GeoTIFF driver can write <paramref name="compression"/> (ZSTD is a build option).</summary>
    public static bool SupportsCompression(string compression)
    {
        GdalLibrary.EnsureRegistered();
        var driver = GdalCreateNative.GDALGetDriverByName("COG");
        if (driver == IntPtr.Zero)
        {
            return false;
        }

        var list = Marshal.PtrToStringUTF8(GdalCopyNative.GDALGetMetadataItem(driver, "DMD_CREATIONOPTIONLIST", null)) ?? "";
        return list.Contains($"<Value>{compression}</Value>", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> as a COG with the given creation options.</summary>
    public static void Copy(string source, string destination, IReadOnlyList<string> options)
    {
        GdalLibrary.EnsureRegistered();
        var driver = GdalCreateNative.GDALGetDriverByName("COG");
        if (driver == IntPtr.Zero)
        {
            throw new IOException($"cannot write {destination}: this GDAL has no COG driver");
        }

        GdalLibrary.ResetError();
        var ptr = GdalNative.GDALOpenEx(source, GdalNative.OpenRasterReadOnly, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        if (ptr == IntPtr.Zero)
        {
            throw new IOException($"cannot open {source}: {GdalLibrary.LastErrorMessage()}");
        }

        using var sourceHandle = new DatasetHandle(ptr);
        var native = options.Select(Marshal.StringToCoTaskMemUTF8).Append(IntPtr.Zero).ToArray();
        IntPtr copy;
        try
        {
            GdalLibrary.ResetError();
            copy = GdalCopyNative.GDALCreateCopy(driver, destination, sourceHandle, 1, native, IntPtr.Zero, IntPtr.Zero);
        }
        finally
        {
            foreach (var p in native.Where(p => p != IntPtr.Zero))
            {
                Marshal.FreeCoTaskMem(p);
            }
        }

        if (copy == IntPtr.Zero)
        {
            throw new IOException($"cannot write {destination}: {GdalLibrary.LastErrorMessage()}");
        }

        // GDAL 3.6's GDALClose returns nothing: a failed final write shows as the last error.
        GdalLibrary.ResetError();
        GdalNative.GDALClose(copy);
        if (GdalNative.CPLGetLastErrorType() >= GdalNative.CeFailure)
        {
            throw new IOException($"cannot finish writing {destination}: {GdalLibrary.LastErrorMessage()}");
        }
    }
}
