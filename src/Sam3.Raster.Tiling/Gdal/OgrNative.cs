using System.Runtime.InteropServices;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// The slice of GDAL's vector (OGR) C API that reads features' geometries and their layer's CRS.
/// Bindings only: <see cref="VectorFiles.VectorFile"/> checks the results.
/// </summary>
internal static unsafe partial class OgrNative
{
    /// <summary>GDAL_OF_VECTOR | GDAL_OF_READONLY: open vector drivers only, never for update.</summary>
    public const uint OpenVectorReadOnly = 0x04;

    /// <summary>wkbNDR: little-endian WKB, what NetTopologySuite's WKBReader reads by default.</summary>
    public const int WkbLittleEndian = 1;

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALDatasetGetLayerCount(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr GDALDatasetGetLayer(DatasetHandle dataset, int index);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr OGR_L_GetSpatialRef(IntPtr layer);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_L_ResetReading(IntPtr layer);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr OGR_L_GetNextFeature(IntPtr layer);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_F_Destroy(IntPtr feature);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr OGR_F_GetGeometryRef(IntPtr feature);

    /// <summary>A new geometry without curves (arcs become segments); the caller destroys it.</summary>
    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr OGR_G_GetLinearGeometry(IntPtr geometry, double maxAngleStepDegrees, IntPtr options);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_G_DestroyGeometry(IntPtr geometry);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_G_FlattenTo2D(IntPtr geometry);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OGR_G_WkbSize(IntPtr geometry);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OGR_G_ExportToWkb(IntPtr geometry, int byteOrder, byte* buffer);

    /// <summary>OSRExportToWktEx on a spatial reference GDAL owns (a layer's), which must not be released.</summary>
    [LibraryImport(GdalLibrary.Name, EntryPoint = "OSRExportToWktEx")]
    public static partial int OSRExportBorrowedToWktEx(IntPtr srs, out IntPtr wkt, IntPtr[] options);
}
