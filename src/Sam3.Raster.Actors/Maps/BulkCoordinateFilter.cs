using NetTopologySuite.Geometries;

namespace Sam3.Raster.Actors.Maps;

/// <summary>Moves every coordinate of a geometry through a bulk transform (x and y arrays in place), one sequence at a time.</summary>
public sealed class BulkCoordinateFilter(BulkCoordinateFilter.Transform transform) : IEntireCoordinateSequenceFilter
{
    public delegate void Transform(Span<double> xs, Span<double> ys);

    public bool Done => false;

    public bool GeometryChanged => true;

    /// <summary>A transformed copy of <paramref name="geometry"/>.</summary>
    public static NetTopologySuite.Geometries.Geometry Apply(NetTopologySuite.Geometries.Geometry geometry, Transform transform)
    {
        var copy = geometry.Copy();
        copy.Apply(new BulkCoordinateFilter(transform));
        copy.GeometryChanged();
        return copy;
    }

    public void Filter(CoordinateSequence seq)
    {
        var xs = new double[seq.Count];
        var ys = new double[seq.Count];
        for (int i = 0; i < seq.Count; i++)
        {
            xs[i] = seq.GetX(i);
            ys[i] = seq.GetY(i);
        }

        transform(xs, ys);
        for (int i = 0; i < seq.Count; i++)
        {
            seq.SetX(i, xs[i]);
            seq.SetY(i, ys[i]);
        }
    }
}
