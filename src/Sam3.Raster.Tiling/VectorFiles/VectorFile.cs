using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.VectorFiles;

/// <summary>
/// Reads the geometries of any vector file GDAL's OGR opens (GeoJSON, GeoPackage, Shapefile, FlatGeobuf,
/// KML, …; /vsi… paths too), every layer, curves made linear and Z dropped. Layers must share one CRS,
/// since the geometries are handed on as one set. Failures are <see cref="RasterException"/>s naming the file.
/// </summary>
public static class VectorFile
{
    public static VectorGeometries Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        GdalLibrary.EnsureRegistered();
        if (!path.StartsWith("/vsi", StringComparison.Ordinal) && !File.Exists(path))
        {
            throw new RasterException(Directory.Exists(path) ? $"{path}: is a directory, not a vector file" : $"{path}: no such file");
        }

        GdalLibrary.ResetError();
        var ptr = GdalNative.GDALOpenEx(path, OgrNative.OpenVectorReadOnly, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        if (ptr == IntPtr.Zero)
        {
            throw new RasterException($"{path}: GDAL cannot read it as a vector file: {GdalLibrary.LastErrorMessage("unsupported or corrupt file")}");
        }

        using var dataset = new DatasetHandle(ptr);
        var wkb = new List<byte[]>();
        string? crs = null;
        int layers = OgrNative.GDALDatasetGetLayerCount(dataset);
        for (int i = 0; i < layers; i++)
        {
            var layer = OgrNative.GDALDatasetGetLayer(dataset, i);
            string? layerCrs = CrsOf(OgrNative.OGR_L_GetSpatialRef(layer));
            int before = wkb.Count;
            ReadLayer(layer, wkb, path);
            if (wkb.Count == before)
            {
                continue;
            }

            if (crs is not null && layerCrs is not null && !SameCrs(crs, layerCrs))
            {
                throw new RasterException($"{path}: its layers are in different CRSs; give a file with one layer (or layers in one CRS)");
            }

            crs ??= layerCrs;
        }

        if (wkb.Count == 0)
        {
            throw new RasterException($"{path}: holds no geometries");
        }

        return new VectorGeometries(wkb, crs);
    }

    private static unsafe void ReadLayer(IntPtr layer, List<byte[]> into, string path)
    {
        OgrNative.OGR_L_ResetReading(layer);
        for (IntPtr feature; (feature = OgrNative.OGR_L_GetNextFeature(layer)) != IntPtr.Zero;)
        {
            try
            {
                var geometry = OgrNative.OGR_F_GetGeometryRef(feature);
                if (geometry == IntPtr.Zero)
                {
                    continue;
                }

                var linear = OgrNative.OGR_G_GetLinearGeometry(geometry, 0, IntPtr.Zero);
                if (linear == IntPtr.Zero)
                {
                    throw new RasterException($"{path}: a geometry cannot be read: {GdalLibrary.LastErrorMessage()}");
                }

                try
                {
                    OgrNative.OGR_G_FlattenTo2D(linear);
                    var bytes = new byte[OgrNative.OGR_G_WkbSize(linear)];
                    fixed (byte* b = bytes)
                    {
                        if (OgrNative.OGR_G_ExportToWkb(linear, OgrNative.WkbLittleEndian, b) != OsrNative.OgrErrNone)
                        {
                            throw new RasterException($"{path}: a geometry cannot be exported: {GdalLibrary.LastErrorMessage()}");
                        }
                    }

                    into.Add(bytes);
                }
                finally
                {
                    OgrNative.OGR_G_DestroyGeometry(linear);
                }
            }
            finally
            {
                OgrNative.OGR_F_Destroy(feature);
            }
        }
    }

    private static string? CrsOf(IntPtr srs)
    {
        if (srs == IntPtr.Zero)
        {
            return null;
        }

        var options = OsrNative.Options("FORMAT=WKT2_2019");
        try
        {
            return OgrNative.OSRExportBorrowedToWktEx(srs, out var wkt, options) == OsrNative.OgrErrNone && wkt != IntPtr.Zero
                ? OsrNative.TakeString(wkt)
                : null;
        }
        finally
        {
            OsrNative.FreeOptions(options);
        }
    }

    private static bool SameCrs(string a, string b)
    {
        if (a == b)
        {
            return true;
        }

        using var x = SpatialReference.FromWkt(a);
        using var y = SpatialReference.FromWkt(b);
        return x.IsSameAs(y);
    }
}
