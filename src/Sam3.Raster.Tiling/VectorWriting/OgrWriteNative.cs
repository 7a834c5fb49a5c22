using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.VectorWriting;

/// <summary>
/// The slice of GDAL's vector (OGR) C API that creates a vector dataset and appends features.
/// Bindings only: <see cref="OgrVectorWriter"/> checks every OGRErr and names the file.
/// </summary>
internal static unsafe partial class OgrWriteNative
{
    public const int OgrErrNone = 0;

    /// <summary>OGRwkbGeometryType wkbMultiPolygon.</summary>
    public const int WkbMultiPolygon = 6;

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALGetDriverByName(string name);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALCreate(IntPtr driver, string path, int width, int height, int bands, int type, IntPtr[] options);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALDatasetCreateLayer(DatasetHandle dataset, string name, SpatialReferenceHandle srs, int geometryType, IntPtr[] options);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALDatasetCreateLayer(DatasetHandle dataset, string name, IntPtr srs, int geometryType, IntPtr[] options);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALDatasetStartTransaction(DatasetHandle dataset, int force);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int GDALDatasetCommitTransaction(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr OGR_Fld_Create(string name, int type);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_Fld_Destroy(IntPtr field);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OGR_L_CreateField(IntPtr layer, IntPtr field, int approxOk);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr OGR_L_GetLayerDefn(IntPtr layer);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OGR_L_CreateFeature(IntPtr layer, IntPtr feature);

    [LibraryImport(GdalLibrary.Name)]
    public static partial IntPtr OGR_F_Create(IntPtr definition);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_F_Destroy(IntPtr feature);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OGR_F_SetFID(IntPtr feature, long fid);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_F_SetFieldInteger(IntPtr feature, int field, int value);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_F_SetFieldInteger64(IntPtr feature, int field, long value);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_F_SetFieldDouble(IntPtr feature, int field, double value);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void OGR_F_SetFieldString(IntPtr feature, int field, string value);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OGR_F_SetGeometryDirectly(IntPtr feature, IntPtr geometry);

    [LibraryImport(GdalLibrary.Name)]
    public static partial int OGR_G_CreateFromWkb(byte* wkb, IntPtr srs, out IntPtr geometry, int bytes);

    [LibraryImport(GdalLibrary.Name)]
    public static partial void OGR_G_DestroyGeometry(IntPtr geometry);

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void CPLSetThreadLocalConfigOption(string key, string? value);
}
