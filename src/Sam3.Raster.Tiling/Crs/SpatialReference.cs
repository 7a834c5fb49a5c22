using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Crs;

/// <summary>
/// A coordinate reference system as GDAL/PROJ knows it. Axis order is always the traditional GIS
/// order (x = easting or longitude), so coordinates never swap silently for EPSG:4326.
/// </summary>
public sealed class SpatialReference : IDisposable
{
    private SpatialReference(SpatialReferenceHandle handle)
    {
        Handle = handle;
        OsrNative.OSRSetAxisMappingStrategy(handle, OsrNative.TraditionalGisOrder);
    }

    internal SpatialReferenceHandle Handle { get; }

    /// <summary>WGS 84 longitude/latitude, the CRS of RFC 7946 GeoJSON.</summary>
    public static SpatialReference Wgs84() => FromEpsg(4326);

    public static SpatialReference FromWkt(string wkt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wkt);
        GdalLibrary.EnsureRegistered();
        var ptr = OsrNative.OSRNewSpatialReference(wkt);
        if (ptr == IntPtr.Zero)
        {
            throw new ArgumentException($"not a valid CRS definition (WKT): {Abbreviate(wkt)}: {GdalLibrary.LastErrorMessage()}");
        }

        return new SpatialReference(new SpatialReferenceHandle(ptr));
    }

    public static SpatialReference FromEpsg(int code)
    {
        var srs = Empty();
        if (OsrNative.OSRImportFromEPSG(srs.Handle, code) != OsrNative.OgrErrNone)
        {
            srs.Dispose();
            throw new ArgumentException($"EPSG:{code} is not a CRS GDAL/PROJ knows: {GdalLibrary.LastErrorMessage()}");
        }

        return srs;
    }

    /// <summary>Anything GDAL accepts as a CRS: "EPSG:4326", WKT, PROJJSON, a PROJ string.</summary>
    public static SpatialReference FromUserInput(string definition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(definition);
        var srs = Empty();
        if (OsrNative.OSRSetFromUserInput(srs.Handle, definition) != OsrNative.OgrErrNone)
        {
            srs.Dispose();
            throw new ArgumentException($"not a CRS GDAL/PROJ understands: '{Abbreviate(definition)}'");
        }

        return srs;
    }

    /// <summary>WKT2 (2019), the lossless form to carry a CRS between processes.</summary>
    public string Wkt => Export(OsrNative.OSRExportToWktEx, "FORMAT=WKT2_2019");

    /// <summary>PROJJSON, as GeoParquet's <c>crs</c> wants it.</summary>
    public string ProjJson => Export(OsrNative.OSRExportToPROJJSON, "MULTILINE=NO");

    public bool IsGeographic => OsrNative.OSRIsGeographic(Handle) != 0;

    /// <summary>The EPSG code of this CRS when it has one (identified if the WKT lacks it), else null.</summary>
    public int? EpsgCode
    {
        get
        {
            if (ReadEpsg(Handle) is int direct)
            {
                return direct;
            }

            using var clone = new SpatialReferenceHandle(OsrNative.OSRClone(Handle));
            return OsrNative.OSRAutoIdentifyEPSG(clone) == OsrNative.OgrErrNone ? ReadEpsg(clone) : null;
        }
    }

    public bool IsSameAs(SpatialReference other) => OsrNative.OSRIsSame(Handle, other.Handle) != 0;

    public void Dispose() => Handle.Dispose();

    private static SpatialReference Empty()
    {
        GdalLibrary.EnsureRegistered();
        var ptr = OsrNative.OSRNewSpatialReference(null);
        return ptr == IntPtr.Zero
            ? throw new InvalidOperationException("GDAL could not allocate a spatial reference")
            : new SpatialReference(new SpatialReferenceHandle(ptr));
    }

    private static int? ReadEpsg(SpatialReferenceHandle handle)
    {
        var name = Marshal.PtrToStringUTF8(OsrNative.OSRGetAuthorityName(handle, null));
        var code = Marshal.PtrToStringUTF8(OsrNative.OSRGetAuthorityCode(handle, null));
        return string.Equals(name, "EPSG", StringComparison.OrdinalIgnoreCase) && int.TryParse(code, out var c) ? c : null;
    }

    private delegate int Exporter(SpatialReferenceHandle srs, out IntPtr text, IntPtr[] options);

    private string Export(Exporter exporter, string option)
    {
        var options = OsrNative.Options(option);
        try
        {
            if (exporter(Handle, out var text, options) != OsrNative.OgrErrNone || text == IntPtr.Zero)
            {
                throw new InvalidOperationException($"GDAL could not export the CRS ({option}): {GdalLibrary.LastErrorMessage()}");
            }

            return OsrNative.TakeString(text);
        }
        finally
        {
            OsrNative.FreeOptions(options);
        }
    }

    private static string Abbreviate(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
