using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Writing;

/// <summary>The part of GDAL's C API that copies a dataset through a driver and names bands (mask rasters, COG).</summary>
internal static partial class GdalCopyNative
{
    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALCreateCopy(IntPtr driver, string path, DatasetHandle source, int strict, IntPtr[] options, IntPtr progress, IntPtr progressArg);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void GDALSetDescription(IntPtr objectHandle, string description);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALGetMetadataItem(IntPtr objectHandle, string name, string? domain);
}
