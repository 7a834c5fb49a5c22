using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Raster;

/// <summary>
/// One band of a mask raster read in row strips through GDAL's C API: size, geotransform, CRS,
/// nodata. A small stop-gap for <c>sam3r vectorize</c> until the tiling library's RasterDataset is
/// merged; it reads integer bands as Int32 and refuses others.
/// </summary>
public sealed partial class MaskBand : IDisposable
{
    private const int GdtByte = 1, GdtInt32 = 5;
    private readonly DatasetHandle _dataset;
    private readonly IntPtr _band;

    public MaskBand(string path, int band = 1)
    {
        GdalLibrary.EnsureRegistered();
        if (!File.Exists(path) && !path.StartsWith("/vsi", StringComparison.Ordinal))
        {
            throw new FileNotFoundException($"mask raster not found: {path}", path);
        }

        _dataset = GDALOpen(path, 0);
        if (_dataset.IsInvalid)
        {
            throw new RasterException($"cannot open {path} as a raster: {GdalLibrary.LastErrorMessage()}");
        }

        Width = GDALGetRasterXSize(_dataset);
        Height = GDALGetRasterYSize(_dataset);
        int bands = GDALGetRasterCount(_dataset);
        if (band < 1 || band > bands)
        {
            throw new ArgumentException($"{path} has {bands} band(s); band {band} does not exist");
        }

        _band = GDALGetRasterBand(_dataset, band);
        int type = GDALGetRasterDataType(_band);
        IsByte = type == GdtByte;
        if (type is not (GdtByte or 2 or 3 or 4 or 5 or 14))
        {
            throw new RasterException($"band {band} of {path} is not an integer band (GDAL type {type}); a mask must hold integer classes");
        }

        var gt = new double[6];
        HasGeoTransform = GDALGetGeoTransform(_dataset, gt) == 0;
        GeoTransform = HasGeoTransform ? GeoTransform.FromGdal(gt) : GeoTransform.Identity;
        var wkt = Marshal.PtrToStringUTF8(GDALGetProjectionRef(_dataset));
        Wkt = string.IsNullOrWhiteSpace(wkt) ? null : wkt;
        double nodata = GDALGetRasterNoDataValue(_band, out int hasNoData);
        NoData = hasNoData != 0 && nodata == Math.Floor(nodata) && nodata is >= int.MinValue and <= int.MaxValue ? (int)nodata : null;
    }

    public int Width { get; }

    public int Height { get; }

    public bool IsByte { get; }

    public bool HasGeoTransform { get; }

    public GeoTransform GeoTransform { get; }

    public string? Wkt { get; }

    public int? NoData { get; }

    /// <summary>Reads rows [row, row + rows) into <paramref name="buffer"/> (row-major), as bytes or Int32.</summary>
    public unsafe void ReadRows<T>(int row, int rows, Span<T> buffer)
        where T : unmanaged
    {
        int type = typeof(T) == typeof(byte) ? GdtByte : typeof(T) == typeof(int) ? GdtInt32 : throw new ArgumentException("byte or int buffers only");
        if (buffer.Length < (long)rows * Width)
        {
            throw new ArgumentException("buffer too small", nameof(buffer));
        }

        fixed (T* p = buffer)
        {
            GdalLibrary.ResetError();
            int err = GDALRasterIO(_band, 0, 0, row, Width, rows, p, Width, rows, type, 0, 0);
            if (err != 0)
            {
                throw new RasterException($"reading rows {row}..{row + rows} failed: {GdalLibrary.LastErrorMessage()}");
            }
        }
    }

    public void Dispose() => _dataset.Dispose();

    private sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public DatasetHandle() : base(ownsHandle: true) { }

        protected override bool ReleaseHandle()
        {
            GDALClose(handle);
            return true;
        }
    }

    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    private static partial DatasetHandle GDALOpen(string path, int access);

    [LibraryImport(GdalLibrary.Name)]
    private static partial void GDALClose(IntPtr dataset);

    [LibraryImport(GdalLibrary.Name)]
    private static partial int GDALGetRasterXSize(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    private static partial int GDALGetRasterYSize(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    private static partial int GDALGetRasterCount(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    private static partial IntPtr GDALGetRasterBand(DatasetHandle dataset, int band);

    [LibraryImport(GdalLibrary.Name)]
    private static partial int GDALGetRasterDataType(IntPtr band);

    [LibraryImport(GdalLibrary.Name)]
    private static partial int GDALGetGeoTransform(DatasetHandle dataset, [Out] double[] gt);

    [LibraryImport(GdalLibrary.Name)]
    private static partial IntPtr GDALGetProjectionRef(DatasetHandle dataset);

    [LibraryImport(GdalLibrary.Name)]
    private static partial double GDALGetRasterNoDataValue(IntPtr band, out int hasNoData);

    [LibraryImport(GdalLibrary.Name)]
    private static unsafe partial int GDALRasterIO(IntPtr band, int rwFlag, int xOff, int yOff, int xSize, int ySize, void* buffer, int bufXSize, int bufYSize, int bufType, int pixelSpace, int lineSpace);
}
