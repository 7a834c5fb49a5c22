using System.Runtime.InteropServices;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>GDAL's gdal_translate as a library call (GDALTranslate), used to make virtual (VRT) views of a scene.</summary>
internal static partial class GdalTranslateNative
{
    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr GDALTranslateOptionsNew(IntPtr[] argv, IntPtr binaryOptions);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void GDALTranslateOptionsFree(IntPtr options);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALTranslate(string destination, DatasetHandle source, IntPtr options, out int usageError);
}
