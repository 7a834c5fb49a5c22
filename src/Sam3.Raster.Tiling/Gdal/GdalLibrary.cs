using System.Runtime.InteropServices;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// The system GDAL (≥ 3.6, whichever soname <see cref="GdalLocator"/> finds): the logical library
/// name the bindings import, one-time driver registration and the last error GDAL reported on
/// this thread.
/// </summary>
public static partial class GdalLibrary
{
    /// <summary>Not a file name: <see cref="GdalResolver"/> maps it to the located library.</summary>
    public const string Name = "gdal";

    private static readonly Lazy<bool> Registered = new(() =>
    {
        // Locating first turns a missing or too old GDAL into one message naming what was tried.
        var gdal = GdalResolver.Library;
        GDALAllRegister();

        // GDAL prints errors to stderr by default; we report them ourselves through exceptions, and
        // the quiet handler still records the last error for CPLGetLastErrorMsg.
        CPLSetErrorHandler(NativeLibrary.GetExport(gdal.Handle, "CPLQuietErrorHandler"));
        return true;
    });

    /// <summary>The GDAL this process uses (name and version); throws when none ≥ 3.6 is installed.</summary>
    public static LoadedGdal Loaded => GdalResolver.Library;

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
