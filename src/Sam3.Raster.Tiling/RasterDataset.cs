using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Reading;

namespace Sam3.Raster.Tiling;

/// <summary>
/// One raster opened read-only through GDAL: size, bands, georeferencing and windowed reads.
/// GDAL reads through one dataset handle are not thread-safe: use an instance from one thread at a
/// time, and open one per reader thread (opening is cheap; the block cache is shared).
/// </summary>
public sealed class RasterDataset : IDisposable
{
    private readonly DatasetHandle handle;

    /// <summary>The file under a resampled view (<see cref="ResampledView"/>), closed after the view; null otherwise.</summary>
    private readonly DatasetHandle? source;
    private readonly Lazy<string?> projJson;
    private readonly Lazy<int?> epsg;

    private RasterDataset(string path, DatasetHandle handle, DatasetHandle? source = null)
    {
        Path = path;
        this.handle = handle;
        this.source = source;
        Width = GdalNative.GDALGetRasterXSize(handle);
        Height = GdalNative.GDALGetRasterYSize(handle);
        BandCount = GdalNative.GDALGetRasterCount(handle);
        Bands = Enumerable.Range(1, BandCount).Select(ReadBandInfo).ToArray();
        (GeoTransform, HasGeoTransform) = ReadGeoTransform();
        var wkt = Marshal.PtrToStringUTF8(GdalNative.GDALGetProjectionRef(handle));
        CrsWkt = string.IsNullOrWhiteSpace(wkt) ? null : wkt;
        projJson = new Lazy<string?>(() => WithCrs(s => s.ProjJson));
        epsg = new Lazy<int?>(() => WithCrs(s => s.EpsgCode));
    }

    /// <summary>The path or GDAL URI (e.g. <c>/vsicurl/…</c>) the dataset was opened from.</summary>
    public string Path { get; }

    public int Width { get; }

    public int Height { get; }

    public int BandCount { get; }

    public PixelWindow Extent => new(0, 0, Width, Height);

    /// <summary>Band descriptions; <c>Bands[i].Index == i + 1</c>.</summary>
    public IReadOnlyList<RasterBandInfo> Bands { get; }

    /// <summary>The scene's geotransform; <see cref="GeoTransform.Identity"/> when it has none.</summary>
    public GeoTransform GeoTransform { get; }

    public bool HasGeoTransform { get; }

    /// <summary>The CRS as GDAL reports it (WKT), or null when the raster has none.</summary>
    public string? CrsWkt { get; }

    /// <summary>The CRS as PROJJSON (what GeoParquet wants), or null when the raster has none.</summary>
    public string? CrsProjJson => projJson.Value;

    /// <summary>The CRS's EPSG code when it has (or is identified with) one.</summary>
    public int? EpsgCode => epsg.Value;

    public bool IsGeoreferenced => HasGeoTransform && CrsWkt is not null;

    /// <summary>
    /// Opens a raster for reading. A raster without a geotransform and CRS is refused unless
    /// <paramref name="allowUngeoreferenced"/>: its features could not be placed on the map.
    /// </summary>
    public static RasterDataset Open(string path, bool allowUngeoreferenced = false) => Open(path, allowUngeoreferenced, null);

    /// <summary>
    /// Opens a raster for reading, seen at <paramref name="resolution"/> when one is given (null:
    /// its own pixels): size, geotransform and reads are then those of the resampled grid, made by
    /// GDAL on the fly (<see cref="ResampledView"/>). Only a georeferenced scene can be resampled.
    /// </summary>
    public static RasterDataset Open(string path, bool allowUngeoreferenced, SceneResolution? resolution)
    {
        var dataset = OpenFile(path, allowUngeoreferenced);
        if (resolution is null)
        {
            return dataset;
        }

        RasterDataset? resampled = null;
        try
        {
            if (!dataset.HasGeoTransform)
            {
                throw new RasterException($"{path}: --resolution needs a georeferenced scene, and this one has no geotransform");
            }

            resampled = new RasterDataset(path, ResampledView.Create(dataset.handle, path, dataset.GeoTransform, resolution), dataset.handle);
            resampled.Validate(allowUngeoreferenced);
            return resampled;
        }
        catch
        {
            // The view first, then the file it reads (disposing a handle twice does nothing).
            resampled?.Dispose();
            dataset.Dispose();
            throw;
        }
    }

    private static RasterDataset OpenFile(string path, bool allowUngeoreferenced)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        GdalCache.EnsureConfigured();

        // GDAL's own message for a missing file ("not recognized as a supported file format") is
        // misleading; say it plainly for local paths. /vsi… URIs are left to GDAL.
        if (!path.StartsWith("/vsi", StringComparison.Ordinal) && !File.Exists(path))
        {
            throw new RasterException(Directory.Exists(path)
                ? $"{path}: is a directory, not a raster file"
                : $"{path}: no such file");
        }

        GdalLibrary.ResetError();
        IntPtr ptr;
        using (GdalRemoteReads.Opening(path))
        {
            ptr = GdalNative.GDALOpenEx(path, GdalNative.OpenRasterReadOnly, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        }
        if (ptr == IntPtr.Zero)
        {
            throw new RasterException($"{path}: GDAL cannot read it as a raster: {GdalLibrary.LastErrorMessage("unsupported or corrupt file")}");
        }

        var handle = new DatasetHandle(ptr);

        // GDAL opens some damaged files (e.g. a TIFF whose directory is cut off) while reporting an
        // error; such a file would fail later, mid-job, so refuse it now.
        if (GdalNative.CPLGetLastErrorType() >= GdalNative.CeFailure)
        {
            var message = GdalLibrary.LastErrorMessage();
            handle.Dispose();
            throw new RasterException($"{path}: the file is damaged: {message}");
        }

        var dataset = new RasterDataset(path, handle);
        try
        {
            dataset.Validate(allowUngeoreferenced);
            return dataset;
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a window of the chosen bands as float32 into <paramref name="buffer"/> in one GDAL
    /// call: band b's pixel (c, r) lands at <c>b·bandStride + r·lineStride + c</c> (strides in
    /// floats). With lineStride = bandStride/height = the patch size, a CHW patch is filled in place.
    /// </summary>
    public unsafe void ReadFloat32(PixelWindow window, ReadOnlySpan<int> bands, Span<float> buffer, int lineStride, int bandStride)
    {
        CheckWindow(window);
        ArgumentOutOfRangeException.ThrowIfLessThan(lineStride, window.Width);
        ArgumentOutOfRangeException.ThrowIfLessThan(bandStride, lineStride * (window.Height - 1) + window.Width);
        long needed = ((long)(bands.Length - 1) * bandStride) + ((long)(window.Height - 1) * lineStride) + window.Width;
        if (buffer.Length < needed)
        {
            throw new ArgumentException($"buffer holds {buffer.Length} floats, the read needs {needed}", nameof(buffer));
        }

        fixed (float* p = buffer)
        {
            ReadRaw(window, bands, p, GdalDataType.Float32, sizeof(float), lineStride * sizeof(float), bandStride * sizeof(float));
        }
    }

    /// <summary>
    /// Reads a window of one band into <paramref name="buffer"/>, row-major and packed, converted by
    /// GDAL to <typeparamref name="T"/> (byte, short, ushort, int, uint, float or double).
    /// </summary>
    public unsafe void ReadBand<T>(int band, PixelWindow window, Span<T> buffer)
        where T : unmanaged
    {
        var type = DataTypeOf<T>();
        if (buffer.Length < window.Area)
        {
            throw new ArgumentException($"buffer holds {buffer.Length} values, the read needs {window.Area}", nameof(buffer));
        }

        fixed (T* p = buffer)
        {
            // One band: the band spacing is unused, and 0 lets GDAL default it without int overflow.
            ReadRaw(window, [band], p, type, sizeof(T), window.Width * sizeof(T), 0);
        }
    }

    /// <summary>
    /// One GDALDatasetRasterIO of a window into caller-owned memory, converted by GDAL to
    /// <paramref name="type"/>, with spacings in bytes. The caller guarantees the memory's extent.
    /// </summary>
    internal unsafe void ReadRaw(PixelWindow window, ReadOnlySpan<int> bands, void* data, GdalDataType type, int pixelSpace, int lineSpace, int bandSpace)
    {
        CheckWindow(window);
        foreach (var b in bands)
        {
            CheckBand(b);
        }

        GdalLibrary.ResetError();
        int err;
        fixed (int* map = bands)
        {
            err = GdalNative.GDALDatasetRasterIO(
                handle, GdalNative.GfRead, window.Col, window.Row, window.Width, window.Height,
                data, window.Width, window.Height, (int)type, bands.Length, map, pixelSpace, lineSpace, bandSpace);
        }

        Check(err, $"reading {window}");
    }

    /// <summary>
    /// Reads a band's validity mask (0 = nodata, otherwise valid; GDAL's mask band covers nodata
    /// values, alpha and mask files alike) for a window, row by row with the given stride.
    /// </summary>
    public unsafe void ReadMask(int band, PixelWindow window, Span<byte> buffer, int lineStride)
    {
        CheckWindow(window);
        CheckBand(band);
        ArgumentOutOfRangeException.ThrowIfLessThan(lineStride, window.Width);
        if (buffer.Length < ((long)(window.Height - 1) * lineStride) + window.Width)
        {
            throw new ArgumentException("mask buffer too small for the window", nameof(buffer));
        }

        GdalLibrary.ResetError();
        var mask = GdalNative.GDALGetMaskBand(BandPtr(band));
        if (mask == IntPtr.Zero)
        {
            throw new RasterException($"{Path}: GDAL has no mask for band {band}: {GdalLibrary.LastErrorMessage()}");
        }

        int err;
        fixed (byte* p = buffer)
        {
            err = GdalNative.GDALRasterIO(mask, GdalNative.GfRead, window.Col, window.Row, window.Width, window.Height,
                p, window.Width, window.Height, (int)GdalDataType.Byte, 1, lineStride);
        }

        Check(err, $"reading the mask of band {band} at {window}");
    }

    /// <summary>A band's minimum and maximum, approximate (sampled or from overviews) when allowed; nodata excluded.</summary>
    public unsafe (double Min, double Max) ComputeMinMax(int band, bool approximate)
    {
        CheckBand(band);
        GdalLibrary.ResetError();
        double* minMax = stackalloc double[2];
        int err = GdalNative.GDALComputeRasterMinMax(BandPtr(band), approximate ? 1 : 0, minMax);
        Check(err, $"computing the range of band {band}");
        return (minMax[0], minMax[1]);
    }

    /// <summary>
    /// A histogram of a band over [min, max] in equal buckets (nodata excluded). Approximate reads a
    /// sample of blocks or an overview, which is what a scene-wide stretch needs.
    /// </summary>
    public unsafe ulong[] ComputeHistogram(int band, double min, double max, int buckets, bool approximate)
    {
        CheckBand(band);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var counts = new ulong[buckets];
        GdalLibrary.ResetError();
        int err;
        fixed (ulong* p = counts)
        {
            err = GdalNative.GDALGetRasterHistogramEx(BandPtr(band), min, max, buckets, p, 0, approximate ? 1 : 0, IntPtr.Zero, IntPtr.Zero);
        }

        Check(err, $"computing the histogram of band {band}");
        return counts;
    }

    public void Dispose()
    {
        handle.Dispose();
        source?.Dispose();
    }

    private void Validate(bool allowUngeoreferenced)
    {
        if (Width <= 0 || Height <= 0)
        {
            throw new RasterException($"{Path}: the raster is empty ({Width}x{Height} pixels)");
        }

        if (BandCount == 0)
        {
            throw new RasterException($"{Path}: the raster has no bands");
        }

        foreach (var b in Bands)
        {
            if (b.DataType is GdalDataType.Unknown or >= GdalDataType.CInt16 and <= GdalDataType.CFloat64)
            {
                throw new RasterException($"{Path}: band {b.Index} has data type {b.DataType}, which cannot be shown to the model (complex or unknown)");
            }
        }

        if (!IsGeoreferenced && !allowUngeoreferenced)
        {
            var what = (HasGeoTransform, CrsWkt is null) switch
            {
                (false, true) => "no geotransform and no CRS",
                (false, false) => "a CRS but no geotransform",
                _ => "a geotransform but no CRS",
            };
            var gcps = GdalNative.GDALGetGCPCount(handle) > 0 ? " (it has GCPs: warp it first, e.g. gdalwarp)" : string.Empty;
            throw new RasterException($"{Path}: the raster is not georeferenced: it has {what}{gcps}; pass --allow-ungeoreferenced to work in pixel coordinates");
        }

        ProbeLastBlock();
    }

    /// <summary>
    /// Reads the bottom-right pixel: a truncated file loses its last blocks first, and finding that
    /// now gives one clear error instead of a failure hours into a job.
    /// </summary>
    private void ProbeLastBlock()
    {
        Span<float> one = stackalloc float[1];
        try
        {
            ReadFloat32(new PixelWindow(Width - 1, Height - 1, 1, 1), [BandCount], one, 1, 1);
        }
        catch (RasterException ex)
        {
            throw new RasterException($"{Path}: the file is truncated or damaged: {ex.Message[(Path.Length + 2)..]}", ex);
        }
    }

    private static GdalDataType DataTypeOf<T>()
        where T : unmanaged => default(T) switch
        {
            byte => GdalDataType.Byte,
            short => GdalDataType.Int16,
            ushort => GdalDataType.UInt16,
            int => GdalDataType.Int32,
            uint => GdalDataType.UInt32,
            float => GdalDataType.Float32,
            double => GdalDataType.Float64,
            _ => throw new NotSupportedException($"GDAL reads into {typeof(T).Name} buffers are not supported"),
        };

    private RasterBandInfo ReadBandInfo(int index)
    {
        var band = BandPtr(index);
        return new RasterBandInfo(
            index,
            (GdalDataType)GdalNative.GDALGetRasterDataType(band),
            (ColorInterpretation)GdalNative.GDALGetRasterColorInterpretation(band),
            NoDataOf(band),
            (MaskFlags)GdalNative.GDALGetMaskFlags(band));
    }

    private static unsafe double? NoDataOf(IntPtr band)
    {
        int has = 0;
        double value = GdalNative.GDALGetRasterNoDataValue(band, &has);
        return has != 0 ? value : null;
    }

    private unsafe (GeoTransform, bool) ReadGeoTransform()
    {
        double* gt = stackalloc double[6];
        if (GdalNative.GDALGetGeoTransform(handle, gt) != GdalNative.CeNone)
        {
            return (GeoTransform.Identity, false);
        }

        var transform = GeoTransform.FromGdal(new ReadOnlySpan<double>(gt, 6));

        // Some drivers "succeed" with GDAL's default transform; that is pixel space, not a georeference.
        return (transform, transform != GeoTransform.Identity && transform.Determinant != 0);
    }

    private T? WithCrs<T>(Func<SpatialReference, T> read)
    {
        if (CrsWkt is null)
        {
            return default;
        }

        using var srs = SpatialReference.FromWkt(CrsWkt);
        return read(srs);
    }

    private IntPtr BandPtr(int band)
    {
        var ptr = GdalNative.GDALGetRasterBand(handle, band);
        return ptr == IntPtr.Zero ? throw new RasterException($"{Path}: GDAL cannot open band {band}: {GdalLibrary.LastErrorMessage()}") : ptr;
    }

    private void CheckBand(int band)
    {
        if (band < 1 || band > BandCount)
        {
            throw new RasterException($"{Path}: band {band} does not exist (the raster has {BandCount} band{(BandCount == 1 ? "" : "s")}, numbered from 1)");
        }
    }

    private void CheckWindow(PixelWindow window)
    {
        if (window.IsEmpty || !Extent.Contains(window))
        {
            throw new ArgumentOutOfRangeException(nameof(window), $"{window} is not inside {Path} ({Width}x{Height})");
        }
    }

    private void Check(int err, string what)
    {
        if (err != GdalNative.CeNone)
        {
            throw new RasterException($"{Path}: GDAL failed {what}: {GdalLibrary.LastErrorMessage()}");
        }
    }
}
