using System.Runtime.InteropServices;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// The system GDAL (Debian 12's <c>libgdal32</c>, GDAL 3.6): its library name, one-time driver
/// registration and the last error GDAL reported on this thread.
/// </summary>
public static partial class GdalLibrary
{
    public const string Name = "libgdal.so.32";

    private static readonly Lazy<bool> Registered = new(() =>
    {
        try
        {
            GDALAllRegister();
        }
        catch (DllNotFoundException ex)
        {
            throw new RasterException(
                $"GDAL ({Name}) is not installed: run scripts/install-deps.sh or `apt-get install gdal-bin libgdal-dev`", ex);
        }

        // GDAL prints errors to stderr by default; we report them ourselves through exceptions, and
        // the quiet handler still records the last error for CPLGetLastErrorMsg.
        CPLSetErrorHandler(NativeLibrary.GetExport(NativeLibrary.Load(Name), "CPLQuietErrorHandler"));
        return true;
    });

    /// <summary>Registers every GDAL driver once per process; safe to call from any thread.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    /// <summary>GDAL's last error message on this thread, or a fallback when it has none.</summary>
    public static string LastErrorMessage(string fallback = "unknown GDAL error")
    {
        var ptr = CPLGetLastErrorMsg();
        var message = ptr == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(ptr);
        return string.IsNullOrWhiteSpace(message) ? fallback : message.Trim();
    }

    public static void ResetError() => CPLErrorReset();

    [LibraryImport(Name)]
    private static partial void GDALAllRegister();

    [LibraryImport(Name)]
    private static partial IntPtr CPLGetLastErrorMsg();

    [LibraryImport(Name)]
    private static partial void CPLErrorReset();

    [LibraryImport(Name)]
    private static partial IntPtr CPLSetErrorHandler(IntPtr handler);
}
