using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Writing;

/// <summary>The part of GDAL's C API that creates rasters; band look-up and RasterIO are shared with reading (<see cref="GdalNative"/>).</summary>
internal static unsafe partial class GdalCreateNative
{
    public const int GfWrite = 1;

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALGetDriverByName(string name);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALCreate(IntPtr driver, string path, int width, int height, int bands, int type, IntPtr[] options);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALSetGeoTransform(DatasetHandle dataset, double* transform);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GDALSetProjection(DatasetHandle dataset, string wkt);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALSetRasterNoDataValue(IntPtr band, double value);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALSetRasterColorInterpretation(IntPtr band, int interpretation);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void GDALFlushCache(DatasetHandle dataset);
}
