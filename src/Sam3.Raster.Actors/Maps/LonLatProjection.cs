using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Actors.Maps;

/// <summary>
/// Scene pixels (and the scene's CRS) to WGS 84 longitude/latitude, for the map. A scene without
/// georeferencing gets a stand-in frame: one degree for its longer side, its top-left corner at
/// (0, 0), so its tiles and features still line up on the map. Not thread-safe (PROJ): one per request.
/// </summary>
public sealed class LonLatProjection : IDisposable
{
    private readonly SceneGeo scene;
    private readonly CoordinateTransformation? toWgs84;
    private readonly CoordinateTransformation? fromWgs84;

    public LonLatProjection(SceneGeo scene)
    {
        this.scene = scene;
        if (scene.CrsWkt is { } wkt)
        {
            using var srs = SpatialReference.FromWkt(wkt);
            toWgs84 = CoordinateTransformation.ToWgs84(srs);
            using var wgs84 = SpatialReference.Wgs84();
            fromWgs84 = new CoordinateTransformation(wgs84, srs);
        }
    }

    /// <summary>The outline of a pixel window as a closed lon/lat ring, <paramref name="pointsPerEdge"/> points along each edge (a projected edge may bend).</summary>
    public double[][] Ring(PixelWindow window, int pointsPerEdge = 1)
    {
        var pixels = new List<(double Col, double Row)>();
        (double, double)[] corners = [(window.Col, window.Row), (window.Right, window.Row), (window.Right, window.Bottom), (window.Col, window.Bottom)];
        for (int e = 0; e < 4; e++)
        {
            var (c0, r0) = corners[e];
            var (c1, r1) = corners[(e + 1) % 4];
            for (int i = 0; i < pointsPerEdge; i++)
            {
                double t = i / (double)pointsPerEdge;
                pixels.Add((c0 + ((c1 - c0) * t), r0 + ((r1 - r0) * t)));
            }
        }

        pixels.Add(pixels[0]);
        var xs = new double[pixels.Count];
        var ys = new double[pixels.Count];
        for (int i = 0; i < pixels.Count; i++)
        {
            (xs[i], ys[i]) = pixels[i];
        }

        FromPixels(xs, ys);
        return [.. xs.Select((x, i) => new[] { x, ys[i] })];
    }

    /// <summary>Pixel coordinates to lon/lat in place.</summary>
    public void FromPixels(Span<double> cols, Span<double> rows)
    {
        if (toWgs84 is null)
        {
            double side = Math.Max(scene.Width, scene.Height);
            for (int i = 0; i < cols.Length; i++)
            {
                cols[i] /= side;
                rows[i] = -rows[i] / side;
            }

            return;
        }

        for (int i = 0; i < cols.Length; i++)
        {
            (cols[i], rows[i]) = scene.Transform.ToWorld(cols[i], rows[i]);
        }

        toWgs84.Transform(cols, rows);
    }

    /// <summary>Lon/lat to pixel coordinates in place (the inverse of <see cref="FromPixels(Span{double}, Span{double})"/>).</summary>
    public void ToPixels(Span<double> lons, Span<double> lats)
    {
        if (fromWgs84 is null)
        {
            double side = Math.Max(scene.Width, scene.Height);
            for (int i = 0; i < lons.Length; i++)
            {
                lons[i] *= side;
                lats[i] = -lats[i] * side;
            }

            return;
        }

        fromWgs84.Transform(lons, lats);
        var toPixel = scene.Transform.Inverse;
        for (int i = 0; i < lons.Length; i++)
        {
            (lons[i], lats[i]) = toPixel.ToWorld(lons[i], lats[i]);
        }
    }

    /// <summary>The scene's outline in lon/lat, <paramref name="pointsPerEdge"/> points along each edge.</summary>
    public double[][] Footprint(int pointsPerEdge = 16) => Ring(new PixelWindow(0, 0, scene.Width, scene.Height), pointsPerEdge);

    /// <summary>[west, south, east, north] of a lon/lat ring.</summary>
    public static double[] Bounds(double[][] ring) =>
        [ring.Min(p => p[0]), ring.Min(p => p[1]), ring.Max(p => p[0]), ring.Max(p => p[1])];

    /// <summary>A copy of a geometry in scene pixels, in lon/lat.</summary>
    public NetTopologySuite.Geometries.Geometry FromPixels(NetTopologySuite.Geometries.Geometry pixels) =>
        BulkCoordinateFilter.Apply(pixels, FromPixels);

    public void Dispose()
    {
        toWgs84?.Dispose();
        fromWgs84?.Dispose();
    }
}
