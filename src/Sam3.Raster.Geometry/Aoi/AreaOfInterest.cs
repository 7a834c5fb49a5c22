using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO;
using NetTopologySuite.Operation.Union;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.VectorFiles;

namespace Sam3.Raster.Geometry.Aoi;

/// <summary>
/// A job's area of interest: the union of a vector file's polygons, carried as WKT in the file's own
/// CRS (<see cref="CrsWkt"/>, WKT2; null when the file names none, and then its coordinates are taken
/// to be in each scene's CRS). Carrying it in the job spec lets every node plan and write without
/// seeing the file; each node reprojects it to each scene's CRS (<see cref="InScene"/>).
/// <see cref="Clip"/>: features are cut to the area, not only kept when they meet it.
/// </summary>
/// <param name="Source">The file it was read from, as given: for messages only.</param>
public sealed record AreaOfInterest(string Source, string Wkt, string? CrsWkt, bool Clip = false)
{
    /// <summary>Segments of the AOI are split to this fraction of its extent before reprojection, so straight edges follow the target CRS's curvature.</summary>
    private const int DensifySteps = 256;

    /// <summary>Reads the polygons of any file GDAL's OGR opens; a file without polygons is refused, naming it.</summary>
    public static AreaOfInterest Read(string path, bool clip)
    {
        VectorGeometries read;
        try
        {
            read = VectorFile.Read(path);
        }
        catch (RasterException ex)
        {
            throw new ArgumentException($"--aoi {ex.Message}", ex);
        }

        var reader = new WKBReader();
        var polygons = read.Wkb
            .Select(reader.Read)
            .SelectMany(Polygons)
            .Select(GeometryFixer.Fix)
            .ToList();
        if (polygons.Count == 0)
        {
            throw new ArgumentException($"--aoi {path}: has no polygons (an area of interest is an area)");
        }

        var union = UnaryUnionOp.Union(polygons);
        return new AreaOfInterest(path, union.AsText(), read.CrsWkt, clip);
    }

    /// <summary>
    /// The area in the pixels of a scene with this geotransform and CRS (null CRS: an ungeoreferenced
    /// scene, refused naming it: the area cannot be placed on it).
    /// </summary>
    public SceneAoi InScene(string scenePath, GeoTransform transform, string? sceneCrsWkt)
    {
        if (sceneCrsWkt is null)
        {
            throw new ArgumentException($"--aoi {Source}: cannot be placed on {scenePath}, which is not georeferenced");
        }

        var world = new WKTReader().Read(Wkt);
        if (CrsWkt is not null)
        {
            world = Reproject(world, CrsWkt, sceneCrsWkt);
        }

        var pixels = world.Copy();
        pixels.Apply(new AffineFilter(transform.Inverse));
        pixels.GeometryChanged();
        return new SceneAoi(this, GeometryFixer.Fix(pixels));
    }

    private static NetTopologySuite.Geometries.Geometry Reproject(NetTopologySuite.Geometries.Geometry geometry, string fromWkt, string toWkt)
    {
        using var from = SpatialReference.FromWkt(fromWkt);
        using var to = SpatialReference.FromWkt(toWkt);
        if (from.IsSameAs(to))
        {
            return geometry;
        }

        var extent = geometry.EnvelopeInternal;
        double step = Math.Max(extent.Width, extent.Height) / DensifySteps;
        var dense = step > 0 ? NetTopologySuite.Densify.Densifier.Densify(geometry, step) : geometry.Copy();
        using var transformation = new CoordinateTransformation(from, to);
        dense.Apply(new CrsFilter(transformation));
        dense.GeometryChanged();
        return GeometryFixer.Fix(dense);
    }

    private static IEnumerable<NetTopologySuite.Geometries.Geometry> Polygons(NetTopologySuite.Geometries.Geometry g) => g switch
    {
        Polygon p when !p.IsEmpty => [p],
        GeometryCollection c => Enumerable.Range(0, c.NumGeometries).SelectMany(i => Polygons(c.GetGeometryN(i))),
        _ => [],
    };

    private sealed class AffineFilter(GeoTransform gt) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var (x, y) = gt.ToWorld(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }

    private sealed class CrsFilter(CoordinateTransformation transformation) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            var xs = new double[seq.Count];
            var ys = new double[seq.Count];
            for (int i = 0; i < seq.Count; i++)
            {
                xs[i] = seq.GetX(i);
                ys[i] = seq.GetY(i);
            }

            transformation.Transform(xs, ys);
            for (int i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, xs[i]);
                seq.SetY(i, ys[i]);
            }
        }
    }
}
