namespace Sam3.Raster.Geometry.Output;

/// <summary>Output writers chosen by file extension, and several outputs written as one.</summary>
public static class FeatureOutputs
{
    /// <summary>
    /// .parquet / .geoparquet → GeoParquet; .geojson / .json → GeoJSON; .gpkg → GeoPackage; .fgb →
    /// FlatGeobuf; .tif / .tiff → a mask raster per scene (on the scenes' grids, never reprojected); postgresql://… → a PostGIS table. Formats that carry a CRS write in <see cref="OutputContext.OutputCrs"/> when it is
    /// set, else in the features' CRS (every scene's must then be one: <see cref="OutputCrsRule"/>);
    /// GeoJSON is WGS 84 whatever the scenes' CRSs. Features are reprojected where their scene's CRS differs.
    /// </summary>
    public static IFeatureWriter Open(string path, OutputContext context)
    {
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".tif" or ".tiff")
        {
            return new MaskRasterWriter(path, context);
        }

        bool postGis = PostGis.PostGisTarget.IsTarget(path);
        var format = postGis ? OutputFormat.GeoParquet : OutputFormats.Of(path)
            ?? throw new ArgumentException($"unknown output format '{System.IO.Path.GetExtension(path)}' for {path}: use {string.Join(", ", OutputFormats.Extensions)}, .tif or postgresql://…");
        if (format == OutputFormat.GeoJson)
        {
            // One source CRS: the writer reprojects to lon/lat itself; several: each to WGS 84 first.
            return context.Scenes.All(s => s.Crs.SameAs(context.Crs))
                ? new GeoJsonWriter(path, context.Schema, context.Crs)
                : Reprojected(context, Wgs84(), c => new GeoJsonWriter(path, c.Schema, c.Crs));
        }

        var target = context.OutputCrs ?? context.Crs;
        Func<OutputContext, IFeatureWriter> open = postGis ? c => new PostGis.PostGisWriter(PostGis.PostGisTarget.Parse(path), c) : format switch
        {
            OutputFormat.GeoParquet => c => new GeoParquetWriter(path, c.Schema, c.Crs),
            OutputFormat.GeoPackage => c => OgrFeatureWriter.GeoPackage(path, c.Schema, c.Crs),
            _ => c => OgrFeatureWriter.FlatGeobuf(path, c.Schema, c.Crs),
        };
        if (context.OutputCrs is null && context.Scenes.FirstOrDefault(s => !s.Crs.SameAs(context.Crs)) is { } other)
        {
            throw new ArgumentException($"{path}: the scenes are in different CRSs ({context.Crs.Describe()}, {other.Crs.Describe()} for {other.Path}); give an output CRS (--out-crs)");
        }

        return context.Scenes.Select(s => s.Crs).Append(context.Crs).All(c => c.SameAs(target))
            ? open(context with { Crs = target })
            : Reprojected(context, target, open);
    }

    private static IFeatureWriter Reprojected(OutputContext context, SceneCrs target, Func<OutputContext, IFeatureWriter> open)
    {
        var inner = open(context with { Crs = target });
        try
        {
            return new ReprojectingWriter(inner, context, target);
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    private static SceneCrs Wgs84()
    {
        using var srs = Tiling.Crs.SpatialReference.Wgs84();
        return SceneCrs.From(srs);
    }

    public static IFeatureWriter Open(string path, FeatureSchema schema, SceneCrs crs) => Open(path, new OutputContext(schema, crs));

    public static IFeatureWriter OpenAll(IReadOnlyList<string> paths, FeatureSchema schema, SceneCrs crs) => OpenAll(paths, new OutputContext(schema, crs));

    /// <summary>Every path at once: each feature goes to all; commit commits all (each atomically).</summary>
    public static IFeatureWriter OpenAll(IReadOnlyList<string> paths, OutputContext context)
    {
        if (paths.Count == 1)
        {
            return Open(paths[0], context);
        }

        var writers = new List<IFeatureWriter>();
        try
        {
            foreach (var p in paths)
            {
                writers.Add(Open(p, context));
            }

            return new MultiWriter(writers);
        }
        catch
        {
            writers.ForEach(w => w.Dispose());
            throw;
        }
    }

    /// <summary>
    /// The file of one work unit: a retried unit writes the same path and replaces its earlier file,
    /// so at-least-once delivery never duplicates features.
    /// </summary>
    public static string WorkUnitPath(string directory, string unitId, string extension) =>
        System.IO.Path.Combine(directory, $"{string.Concat(unitId.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'))}{extension}");

    private sealed class MultiWriter(List<IFeatureWriter> writers) : IFeatureWriter
    {
        public string Path => string.Join(", ", writers.Select(w => w.Path));

        public long Count => writers[0].Count;

        public void Write(OutputFeature feature) => writers.ForEach(w => w.Write(feature));

        public void Commit() => writers.ForEach(w => w.Commit());

        public void Dispose() => writers.ForEach(w => w.Dispose());
    }
}
