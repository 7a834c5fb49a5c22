using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Crs;

/// <summary>GDAL's OGR spatial reference (OSR) and coordinate transformation (OCT) C API.</summary>
internal static partial class OsrNative
{
    public const int OgrErrNone = 0;

    /// <summary>OAMS_TRADITIONAL_GIS_ORDER: x = easting/longitude, y = northing/latitude, whatever the CRS says.</summary>
    public const int TraditionalGisOrder = 0;

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr OSRNewSpatialReference(string? wkt);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OSRRelease(IntPtr srs);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr OSRClone(SpatialReferenceHandle srs);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OSRImportFromEPSG(SpatialReferenceHandle srs, int code);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OSRSetFromUserInput(SpatialReferenceHandle srs, string definition);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OSRExportToWktEx(SpatialReferenceHandle srs, out IntPtr wkt, IntPtr[] options);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OSRExportToPROJJSON(SpatialReferenceHandle srs, out IntPtr json, IntPtr[] options);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OSRAutoIdentifyEPSG(SpatialReferenceHandle srs);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr OSRGetAuthorityName(SpatialReferenceHandle srs, string? targetKey);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr OSRGetAuthorityCode(SpatialReferenceHandle srs, string? targetKey);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OSRIsGeographic(SpatialReferenceHandle srs);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OSRIsSame(SpatialReferenceHandle a, SpatialReferenceHandle b);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OSRSetAxisMappingStrategy(SpatialReferenceHandle srs, int strategy);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr OCTNewCoordinateTransformation(SpatialReferenceHandle source, SpatialReferenceHandle target);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OCTDestroyCoordinateTransformation(IntPtr transformation);

    [LibraryImport(GdalLibrary.Name)]
    public static unsafe partial int OCTTransform(CoordinateTransformationHandle transformation, int count, double* x, double* y, double* z);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void VSIFree(IntPtr pointer);

    /// <summary>Copies a string GDAL allocated for us and frees GDAL's copy.</summary>
    public static string TakeString(IntPtr ptr)
    {
        try
        {
            return Marshal.PtrToStringUTF8(ptr) ?? string.Empty;
        }
        finally
        {
            VSIFree(ptr);
        }
    }

    /// <summary>A NULL-terminated array of UTF-8 "KEY=VALUE" strings (GDAL's CSL), freed by the caller.</summary>
    public static IntPtr[] Options(params string[] options)
    {
        var list = new IntPtr[options.Length + 1];
        for (int i = 0; i < options.Length; i++)
        {
            list[i] = Marshal.StringToCoTaskMemUTF8(options[i]);
        }

        return list;
    }

    public static void FreeOptions(IntPtr[] list)
    {
        foreach (var p in list)
        {
            if (p != IntPtr.Zero)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }
}
