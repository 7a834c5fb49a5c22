using NetTopologySuite.Geometries;
using Sam3.Raster.Tiling.Crs;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// Reprojects every feature from its scene's CRS to one target CRS through GDAL/PROJ (vertex by
/// vertex, as ogr2ogr -t_srs does), then hands it to the wrapped writer, which was opened in the
/// target CRS. A feature's scene is found by its <c>scene</c> attribute among the context's
/// scenes; features of a scene already in the target CRS pass unchanged. Attributes are left as
/// they are: <c>area</c> stays in the scene CRS's units² (square metres for a projected scene).
/// </summary>
public sealed class ReprojectingWriter : IFeatureWriter
{
    private readonly IFeatureWriter inner;
    private readonly SpatialReference target;
    private readonly Dictionary<string, Transform?> byScene = new(StringComparer.Ordinal);
    private readonly Transform? fallback;
    private readonly bool hasFallback;
    private readonly int sceneColumn;
    private readonly List<IDisposable> owned = [];

    public ReprojectingWriter(IFeatureWriter inner, OutputContext context, SceneCrs targetCrs)
    {
        this.inner = inner;
        target = SpatialReference.FromWkt(targetCrs.Wkt ?? throw new ArgumentException($"{inner.Path}: cannot reproject to pixel coordinates"));
        owned.Add(target);
        sceneColumn = context.Schema.Columns.ToList().FindIndex(c => c.Name == "scene" && c.Type == AttributeType.String);
        var byCrs = new Dictionary<string, Transform?>(StringComparer.Ordinal);
        Transform? To(SceneCrs source, string what)
        {
            if (source.SameAs(targetCrs))
            {
                return null;
            }

            if (!source.IsGeoreferenced)
            {
                throw new ArgumentException($"{what} has no CRS: its features cannot be reprojected to {targetCrs.Describe()} for {inner.Path}");
            }

            if (!byCrs.TryGetValue(source.Wkt!, out var t))
            {
                var srs = SpatialReference.FromWkt(source.Wkt!);
                owned.Add(srs);
                var transformation = new CoordinateTransformation(srs, target);
                owned.Add(transformation);
                t = new Transform(transformation);
                byCrs[source.Wkt!] = t;
            }

            return t;
        }

        foreach (var scene in context.Scenes)
        {
            byScene[scene.Path] = To(scene.Crs, scene.Path);
        }

        // Features that name no scene of the job (sam3r vectorize) are in the context's CRS, when that is unambiguous.
        hasFallback = context.Scenes.All(s => s.Crs.SameAs(context.Crs));
        fallback = hasFallback ? To(context.Crs, "the features' CRS") : null;
    }

    public string Path => inner.Path;

    public long Count => inner.Count;

    public void Write(OutputFeature feature)
    {
        var transform = fallback;
        if (sceneColumn >= 0 && feature.Attributes[sceneColumn] is string scene && byScene.TryGetValue(scene, out var t))
        {
            transform = t;
        }
        else if (!hasFallback)
        {
            throw new ArgumentException($"a feature names a scene the job does not have ({(sceneColumn >= 0 ? feature.Attributes[sceneColumn] : "no scene attribute")}), so its CRS is unknown");
        }

        inner.Write(transform is null ? feature : feature with { Geometry = transform.Apply(feature.Geometry) });
    }

    public void Commit() => inner.Commit();

    public void Dispose()
    {
        inner.Dispose();
        owned.ForEach(o => o.Dispose());
    }

    /// <summary>One source CRS to the target, with reusable coordinate buffers.</summary>
    private sealed class Transform(CoordinateTransformation transformation) : IEntireCoordinateSequenceFilter
    {
        private double[] xs = new double[256];
        private double[] ys = new double[256];

        public bool Done => false;

        public bool GeometryChanged => true;

        public NetTopologySuite.Geometries.Geometry Apply(NetTopologySuite.Geometries.Geometry g)
        {
            var copy = g.Copy();
            copy.Apply(this);
            copy.GeometryChanged();
            return copy;
        }

        public void Filter(CoordinateSequence seq)
        {
            int n = seq.Count;
            if (xs.Length < n)
            {
                xs = new double[n * 2];
                ys = new double[n * 2];
            }

            var x = xs.AsSpan(0, n);
            var y = ys.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                x[i] = seq.GetX(i);
                y[i] = seq.GetY(i);
            }

            transformation.Transform(x, y);
            for (int i = 0; i < n; i++)
            {
                seq.SetX(i, x[i]);
                seq.SetY(i, y[i]);
            }
        }
    }
}
