using System.Runtime.InteropServices;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// The slice of GDAL's raster C API the tiling library needs. Bindings only: callers check every
/// CPLErr and turn failures into <see cref="RasterException"/>s that name the input.
/// </summary>
internal static unsafe partial class GdalNative
{
    public const int CeNone = 0;
    public const int CeFailure = 3;

    public const int GfRead = 0;

    /// <summary>GDAL_OF_RASTER | GDAL_OF_READONLY: open raster drivers only, never for update.</summary>
    public const uint OpenRasterReadOnly = 0x02;

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALOpenEx(string path, uint flags, IntPtr allowedDrivers, IntPtr openOptions, IntPtr siblingFiles);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void GDALClose(IntPtr dataset);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALGetRasterXSize(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALGetRasterYSize(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALGetRasterCount(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr GDALGetRasterBand(DatasetHandle dataset, int band);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALGetGeoTransform(DatasetHandle dataset, double* transform);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr GDALGetProjectionRef(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALGetGCPCount(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALDatasetRasterIO(
        DatasetHandle dataset, int rwFlag, int xOff, int yOff, int xSize, int ySize,
        void* buffer, int bufXSize, int bufYSize, int bufType,
        int bandCount, int* bandMap, int pixelSpace, int lineSpace, int bandSpace);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALRasterIO(
        IntPtr band, int rwFlag, int xOff, int yOff, int xSize, int ySize,
        void* buffer, int bufXSize, int bufYSize, int bufType, int pixelSpace, int lineSpace);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALGetRasterDataType(IntPtr band);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALGetRasterColorInterpretation(IntPtr band);

    [LibraryImport(GdalLibrary.Name)]
    public static partial double GDALGetRasterNoDataValue(IntPtr band, int* hasNoData);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALGetMaskFlags(IntPtr band);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr GDALGetMaskBand(IntPtr band);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALComputeRasterMinMax(IntPtr band, int approxOk, double* minMax);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALGetRasterHistogramEx(
        IntPtr band, double min, double max, int buckets, ulong* histogram,
        int includeOutOfRange, int approxOk, IntPtr progress, IntPtr progressArg);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void GDALSetCacheMax64(long bytes);

    [LibraryImport(GdalLibrary.Name)]
    public static partial long GDALGetCacheMax64();

    [LibraryImport(GdalLibrary.Name)]
    public static partial int CPLGetLastErrorType();
}
