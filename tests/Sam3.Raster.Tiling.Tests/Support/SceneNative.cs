using System.Runtime.InteropServices;

namespace Sam3.Raster.Tiling.Tests.Support;

/// <summary>GDAL's create/write C API, for making test scenes only (the library itself never writes rasters).</summary>
internal static unsafe partial class SceneNative
{
    private const string Lib = "libgdal.so.32";

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALGetDriverByName(string name);

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
    public static partial int GDALClose(IntPtr dataset);
}
