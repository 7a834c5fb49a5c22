using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Tiling.Writing;

/// <summary>
/// Creates a georeferenced GeoTIFF through GDAL and fills it strip by strip, so a writer never holds
/// the whole raster (the demo and tests write scenes larger than memory would like). One thread at a
/// time; <see cref="Dispose"/> flushes and closes, and a failed flush is an error, not a warning.
/// </summary>
public sealed class GeoTiffWriter : IDisposable
{
    private readonly DatasetHandle handle;
    private bool closed;

    private GeoTiffWriter(string path, DatasetHandle handle, int width, int height, int bandCount)
    {
        Path = path;
        this.handle = handle;
        Width = width;
        Height = height;
        BandCount = bandCount;
    }

    public string Path { get; }

    public int Width { get; }

    public int Height { get; }

    public int BandCount { get; }

    /// <summary>Tiled, DEFLATE-compressed, BigTIFF when needed: what a large scene should be.</summary>
    public static IReadOnlyList<string> DefaultOptions { get; } = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"];

    public static unsafe GeoTiffWriter Create(
        string path, int width, int height, int bandCount, GdalDataType type,
        GeoTransform? transform, SpatialReference? crs, IReadOnlyList<string>? creationOptions = null)
    {
        GdalLibrary.EnsureRegistered();
        var driver = GdalCreateNative.GDALGetDriverByName("GTiff");
        var options = (creationOptions ?? DefaultOptions).Select(Marshal.StringToCoTaskMemUTF8).Append(IntPtr.Zero).ToArray();
        IntPtr ptr;
        try
        {
            GdalLibrary.ResetError();
            ptr = GdalCreateNative.GDALCreate(driver, path, width, height, bandCount, (int)type, options);
        }
        finally
        {
            foreach (var p in options.Where(p => p != IntPtr.Zero))
            {
                Marshal.FreeCoTaskMem(p);
            }
        }

        if (ptr == IntPtr.Zero)
        {
            throw new IOException($"cannot create {path}: {GdalLibrary.LastErrorMessage()}");
        }

        var writer = new GeoTiffWriter(path, new DatasetHandle(ptr), width, height, bandCount);
        try
        {
            if (transform is { } gt)
            {
                var coefficients = gt.ToGdal();
                fixed (double* c = coefficients)
                {
                    writer.Check(GdalCreateNative.GDALSetGeoTransform(writer.handle, c), "set the geotransform");
                }
            }

            if (crs is not null)
            {
                writer.Check(GdalCreateNative.GDALSetProjection(writer.handle, crs.Wkt), "set the CRS");
            }

            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public void SetNoData(int band, double value) =>
        Check(GdalCreateNative.GDALSetRasterNoDataValue(Band(band), value), $"set band {band}'s nodata value");

    public void SetColorInterpretation(int band, ColorInterpretation interpretation) =>
        Check(GdalCreateNative.GDALSetRasterColorInterpretation(Band(band), (int)interpretation), $"set band {band}'s colour interpretation");

    /// <summary>The band's description (GDAL keeps it in the GeoTIFF's GDAL metadata; <c>gdalinfo</c> shows it).</summary>
    public void SetDescription(int band, string description) => GdalCopyNative.GDALSetDescription(Band(band), description);

    /// <summary>Writes a window of one band (1-based): <paramref name="values"/> holds its rows, <paramref name="width"/> values each.</summary>
    public unsafe void WriteWindow(int band, int col, int row, int width, int height, ReadOnlySpan<uint> values)
    {
        if (col < 0 || row < 0 || width < 0 || height < 0 || col + width > Width || row + height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(col), $"window {col},{row} {width}x{height} is outside {Path}'s {Width}x{Height}");
        }

        if (values.Length < (long)width * height)
        {
            throw new ArgumentException($"a {width}x{height} window needs {width * height} values, got {values.Length}", nameof(values));
        }

        fixed (uint* p = values)
        {
            Check(
                GdalNative.GDALRasterIO(Band(band), GdalCreateNative.GfWrite, col, row, width, height, p, width, height, (int)GdalDataType.UInt32, 0, 0),
                $"write window {col},{row} {width}x{height} of band {band}");
        }
    }

    /// <summary>Writes <paramref name="rows"/> full rows of one band (1-based) starting at <paramref name="row"/>.</summary>
    public void WriteRows(int band, int row, int rows, ReadOnlySpan<byte> values) => Write(band, row, rows, values, GdalDataType.Byte);

    /// <inheritdoc cref="WriteRows(int, int, int, ReadOnlySpan{byte})"/>
    public void WriteRows(int band, int row, int rows, ReadOnlySpan<double> values) => Write(band, row, rows, values, GdalDataType.Float64);

    /// <inheritdoc cref="WriteRows(int, int, int, ReadOnlySpan{byte})"/>
    public void WriteRows(int band, int row, int rows, ReadOnlySpan<float> values) => Write(band, row, rows, values, GdalDataType.Float32);

    public void Dispose()
    {
        if (closed)
        {
            return;
        }

        closed = true;
        // GDAL 3.6's GDALFlushCache and GDALClose return nothing: a failed write shows as the last error.
        GdalLibrary.ResetError();
        GdalCreateNative.GDALFlushCache(handle);
        handle.Dispose();
        if (GdalNative.CPLGetLastErrorType() >= 3)
        {
            throw new IOException($"cannot finish writing {Path}: {GdalLibrary.LastErrorMessage()}");
        }
    }

    private unsafe void Write<T>(int band, int row, int rows, ReadOnlySpan<T> values, GdalDataType type)
        where T : unmanaged
    {
        if (row < 0 || rows < 0 || row + rows > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"rows {row}..{row + rows} are outside {Path}'s {Height} rows");
        }

        if (values.Length < (long)rows * Width)
        {
            throw new ArgumentException($"{rows} rows of {Width} pixels need {rows * Width} values, got {values.Length}", nameof(values));
        }

        fixed (T* p = values)
        {
            Check(
                GdalNative.GDALRasterIO(Band(band), GdalCreateNative.GfWrite, 0, row, Width, rows, p, Width, rows, (int)type, 0, 0),
                $"write rows {row}..{row + rows} of band {band}");
        }
    }

    private IntPtr Band(int band)
    {
        ObjectDisposedException.ThrowIf(closed, this);
        if (band < 1 || band > BandCount)
        {
            throw new ArgumentOutOfRangeException(nameof(band), $"{Path} has bands 1..{BandCount}, not {band}");
        }

        return GdalNative.GDALGetRasterBand(handle, band);
    }

    private void Check(int cplErr, string what)
    {
        // CPLErr: CE_None 0, CE_Debug 1, CE_Warning 2, CE_Failure 3, CE_Fatal 4.
        if (cplErr >= 3)
        {
            throw new IOException($"cannot {what} in {Path}: {GdalLibrary.LastErrorMessage()}");
        }
    }
}
