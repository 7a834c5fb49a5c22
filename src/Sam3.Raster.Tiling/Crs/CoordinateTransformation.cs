using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Crs;

/// <summary>
/// Transforms coordinates between two CRSs through GDAL/PROJ, in place and in bulk. Instances are
/// not thread-safe (PROJ contexts are per thread): create one per thread.
/// </summary>
public sealed class CoordinateTransformation : IDisposable
{
    private readonly CoordinateTransformationHandle handle;

    public CoordinateTransformation(SpatialReference source, SpatialReference target)
    {
        GdalLibrary.EnsureRegistered();
        var ptr = OsrNative.OCTNewCoordinateTransformation(source.Handle, target.Handle);
        if (ptr == IntPtr.Zero)
        {
            throw new InvalidOperationException($"GDAL/PROJ cannot transform between these CRSs: {GdalLibrary.LastErrorMessage()}");
        }

        handle = new CoordinateTransformationHandle(ptr);
    }

    /// <summary>From <paramref name="source"/> to WGS 84 longitude/latitude (RFC 7946 GeoJSON).</summary>
    public static CoordinateTransformation ToWgs84(SpatialReference source)
    {
        using var wgs84 = SpatialReference.Wgs84();
        return new CoordinateTransformation(source, wgs84);
    }

    /// <summary>Transforms every (x, y) pair in place; fails if any point cannot be transformed.</summary>
    public unsafe void Transform(Span<double> xs, Span<double> ys)
    {
        if (xs.Length != ys.Length)
        {
            throw new ArgumentException("x and y spans differ in length");
        }

        if (xs.IsEmpty)
        {
            return;
        }

        fixed (double* x = xs)
        fixed (double* y = ys)
        {
            if (OsrNative.OCTTransform(handle, xs.Length, x, y, null) == 0)
            {
                throw new InvalidOperationException($"GDAL/PROJ failed to transform {xs.Length} points: {GdalLibrary.LastErrorMessage()}");
            }
        }
    }

    public (double X, double Y) Transform(double x, double y)
    {
        Span<double> xs = [x];
        Span<double> ys = [y];
        Transform(xs, ys);
        return (xs[0], ys[0]);
    }

    public void Dispose() => handle.Dispose();
}
