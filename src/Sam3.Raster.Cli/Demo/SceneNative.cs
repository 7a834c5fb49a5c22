using System.Runtime.InteropServices;

namespace Sam3.Raster.Cli.Demo;

/// <summary>GDAL's create/write C API and OSR's EPSG lookup: only what writing a synthetic GeoTIFF needs.</summary>
internal static unsafe partial class SceneNative
{
    private const string Lib = "libgdal.so.32";

    public const int GdtByte = 1;
    public const int GfWrite = 1;

    [LibraryImport(Lib)]
    public static partial void GDALAllRegister();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALGetDriverByName(string name);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALOpen(string path, int access);

    [LibraryImport(Lib)]
    public static partial int GDALGetRasterXSize(IntPtr dataset);

    [LibraryImport(Lib)]
    public static partial int GDALGetRasterYSize(IntPtr dataset);

    [LibraryImport(Lib)]
    public static partial int GDALGetGeoTransform(IntPtr dataset, double* gt);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALCreate(IntPtr driver, string path, int x, int y, int bands, int type, IntPtr[] options);

    [LibraryImport(Lib)]
    public static partial int GDALSetGeoTransform(IntPtr dataset, double* gt);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GDALSetProjection(IntPtr dataset, string wkt);

    [LibraryImport(Lib)]
    public static partial IntPtr GDALGetRasterBand(IntPtr dataset, int band);

    [LibraryImport(Lib)]
    public static partial int GDALSetRasterNoDataValue(IntPtr band, double value);

    [LibraryImport(Lib)]
    public static partial int GDALSetRasterColorInterpretation(IntPtr band, int ci);

    [LibraryImport(Lib)]
    public static partial int GDALRasterIO(IntPtr band, int rw, int x, int y, int w, int h, void* buffer, int bw, int bh, int type, int pixelSpace, int lineSpace);

    [LibraryImport(Lib)]
    public static partial void GDALClose(IntPtr dataset);

    [LibraryImport(Lib)]
    public static partial IntPtr CPLGetLastErrorMsg();

    [LibraryImport(Lib)]
    public static partial IntPtr OSRNewSpatialReference(IntPtr wkt);

    [LibraryImport(Lib)]
    public static partial int OSRImportFromEPSG(IntPtr srs, int epsg);

    [LibraryImport(Lib)]
    public static partial int OSRExportToWkt(IntPtr srs, out IntPtr wkt);

    [LibraryImport(Lib)]
    public static partial void OSRDestroySpatialReference(IntPtr srs);

    [LibraryImport(Lib)]
    public static partial void VSIFree(IntPtr p);

    public static string LastError() => Marshal.PtrToStringUTF8(CPLGetLastErrorMsg()) ?? "unknown GDAL error";

    public static string WktOfEpsg(int epsg)
    {
        var srs = OSRNewSpatialReference(IntPtr.Zero);
        try
        {
            if (OSRImportFromEPSG(srs, epsg) != 0 || OSRExportToWkt(srs, out var wkt) != 0)
            {
                throw new InvalidOperationException($"EPSG:{epsg} is unknown to PROJ: {LastError()}");
            }

            try
            {
                return Marshal.PtrToStringUTF8(wkt)!;
            }
            finally
            {
                VSIFree(wkt);
            }
        }
        finally
        {
            OSRDestroySpatialReference(srs);
        }
    }
}
