using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.VectorWriting;

/// <summary>
/// Creates one vector file through GDAL's OGR (one multipolygon layer, <see cref="OgrLayerSpec"/>)
/// and appends features given as WKB. <see cref="Close"/> finishes the file (a FlatGeobuf spatial
/// index is built then) and fails loudly; <see cref="Dispose"/> without it abandons the file, which
/// the caller deletes. One thread at a time.
/// </summary>
public sealed class OgrVectorWriter : IDisposable
{
    private readonly OgrLayerSpec spec;
    private readonly DatasetHandle dataset;
    private readonly IntPtr layer;
    private readonly IntPtr definition;
    private bool inTransaction;

    private OgrVectorWriter(string path, OgrLayerSpec spec, DatasetHandle dataset, IntPtr layer)
    {
        Path = path;
        this.spec = spec;
        this.dataset = dataset;
        this.layer = layer;
        definition = OgrWriteNative.OGR_L_GetLayerDefn(layer);
    }

    public string Path { get; }

    /// <summary>Creates the file (replacing nothing: the path must not exist) with the layer in <paramref name="srs"/> (null: no CRS).</summary>
    public static OgrVectorWriter Create(string path, OgrLayerSpec spec, SpatialReference? srs)
    {
        GdalLibrary.EnsureRegistered();
        var driver = OgrWriteNative.GDALGetDriverByName(spec.Driver);
        if (driver == IntPtr.Zero)
        {
            throw new IOException($"cannot write {path}: this GDAL has no {spec.Driver} driver");
        }

        using var config = new ThreadConfig(spec.ConfigOptions);
        GdalLibrary.ResetError();
        var created = Options([], create => OgrWriteNative.GDALCreate(driver, path, 0, 0, 0, 0, create));
        if (created == IntPtr.Zero)
        {
            throw new IOException($"cannot create {path}: {GdalLibrary.LastErrorMessage()}");
        }

        var dataset = new DatasetHandle(created);
        try
        {
            var layer = Options(spec.LayerOptions, options => srs is null
                ? OgrWriteNative.GDALDatasetCreateLayer(dataset, spec.LayerName, IntPtr.Zero, OgrWriteNative.WkbMultiPolygon, options)
                : OgrWriteNative.GDALDatasetCreateLayer(dataset, spec.LayerName, srs.Handle, OgrWriteNative.WkbMultiPolygon, options));
            if (layer == IntPtr.Zero)
            {
                throw new IOException($"cannot create the layer of {path}: {GdalLibrary.LastErrorMessage()}");
            }

            foreach (var f in spec.Fields)
            {
                var field = OgrWriteNative.OGR_Fld_Create(f.Name, (int)f.Type);
                try
                {
                    if (OgrWriteNative.OGR_L_CreateField(layer, field, 0) != OgrWriteNative.OgrErrNone)
                    {
                        throw new IOException($"cannot create field '{f.Name}' in {path}: {GdalLibrary.LastErrorMessage()}");
                    }
                }
                finally
                {
                    OgrWriteNative.OGR_Fld_Destroy(field);
                }
            }

            var writer = new OgrVectorWriter(path, spec, dataset, layer);
            if (spec.InOneTransaction)
            {
                writer.inTransaction = OgrWriteNative.GDALDatasetStartTransaction(dataset, 0) == OgrWriteNative.OgrErrNone
                    ? true
                    : throw new IOException($"cannot start a transaction in {path}: {GdalLibrary.LastErrorMessage()}");
            }

            return writer;
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }

    /// <summary>Appends one feature: a (multi)polygon as WKB and one value per field, typed as the field (int, long, double, string).</summary>
    public unsafe void Add(long fid, ReadOnlySpan<byte> wkb, IReadOnlyList<object> values)
    {
        if (values.Count != spec.Fields.Count)
        {
            throw new ArgumentException($"{values.Count} values for {spec.Fields.Count} fields");
        }

        var feature = OgrWriteNative.OGR_F_Create(definition);
        try
        {
            for (int i = 0; i < values.Count; i++)
            {
                switch (values[i])
                {
                    case string s:
                        OgrWriteNative.OGR_F_SetFieldString(feature, i, s);
                        break;
                    case double d:
                        OgrWriteNative.OGR_F_SetFieldDouble(feature, i, d);
                        break;
                    case int n:
                        OgrWriteNative.OGR_F_SetFieldInteger(feature, i, n);
                        break;
                    case long l:
                        OgrWriteNative.OGR_F_SetFieldInteger64(feature, i, l);
                        break;
                    default:
                        throw new ArgumentException($"field '{spec.Fields[i].Name}': cannot write a {values[i]?.GetType().Name ?? "null"}");
                }
            }

            IntPtr geometry;
            fixed (byte* bytes = wkb)
            {
                if (OgrWriteNative.OGR_G_CreateFromWkb(bytes, IntPtr.Zero, out geometry, wkb.Length) != OgrWriteNative.OgrErrNone)
                {
                    throw new IOException($"GDAL rejected a geometry for {Path}: {GdalLibrary.LastErrorMessage()}");
                }
            }

            // SetGeometryDirectly takes ownership, also when it fails.
            if (OgrWriteNative.OGR_F_SetGeometryDirectly(feature, geometry) != OgrWriteNative.OgrErrNone)
            {
                throw new IOException($"GDAL rejected a geometry for {Path}: {GdalLibrary.LastErrorMessage()}");
            }

            if (spec.WritesFids)
            {
                _ = OgrWriteNative.OGR_F_SetFID(feature, fid);
            }

            if (OgrWriteNative.OGR_L_CreateFeature(layer, feature) != OgrWriteNative.OgrErrNone)
            {
                throw new IOException($"cannot write a feature to {Path}: {GdalLibrary.LastErrorMessage()}");
            }
        }
        finally
        {
            OgrWriteNative.OGR_F_Destroy(feature);
        }
    }

    /// <summary>Commits the transaction and closes the file; an error GDAL reports while finishing it is thrown, naming the file.</summary>
    public void Close()
    {
        using var config = new ThreadConfig(spec.ConfigOptions);
        GdalLibrary.ResetError();
        if (inTransaction)
        {
            inTransaction = false;
            if (OgrWriteNative.GDALDatasetCommitTransaction(dataset) != OgrWriteNative.OgrErrNone)
            {
                throw new IOException($"cannot commit {Path}: {GdalLibrary.LastErrorMessage()}");
            }
        }

        // GDAL 3.6's GDALClose returns nothing: a failure to finish the file shows as the last error.
        dataset.Dispose();
        if (GdalNative.CPLGetLastErrorType() >= GdalNative.CeFailure)
        {
            throw new IOException($"cannot finish {Path}: {GdalLibrary.LastErrorMessage()}");
        }
    }

    public void Dispose() => dataset.Dispose();

    private static IntPtr Options(IReadOnlyList<string> options, Func<IntPtr[], IntPtr> call)
    {
        var list = options.Select(Marshal.StringToCoTaskMemUTF8).Append(IntPtr.Zero).ToArray();
        try
        {
            return call(list);
        }
        finally
        {
            foreach (var p in list.Where(p => p != IntPtr.Zero))
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>Thread-local GDAL config options for the lifetime of the scope.</summary>
    private readonly struct ThreadConfig : IDisposable
    {
        private readonly IReadOnlyDictionary<string, string> options;

        public ThreadConfig(IReadOnlyDictionary<string, string> options)
        {
            this.options = options;
            foreach (var (key, value) in options)
            {
                OgrWriteNative.CPLSetThreadLocalConfigOption(key, value);
            }
        }

        public void Dispose()
        {
            foreach (var key in options.Keys)
            {
                OgrWriteNative.CPLSetThreadLocalConfigOption(key, null);
            }
        }
    }
}
