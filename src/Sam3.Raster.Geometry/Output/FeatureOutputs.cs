namespace Sam3.Raster.Geometry.Output;

/// <summary>Output writers chosen by file extension, and several outputs written as one.</summary>
public static class FeatureOutputs
{
    /// <summary>.parquet / .geoparquet → GeoParquet; .geojson / .json → GeoJSON; .tif / .tiff → mask raster per scene.</summary>
    public static IFeatureWriter Open(string path, OutputContext context) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".parquet" or ".geoparquet" => new GeoParquetWriter(path, context.Schema, context.Crs),
            ".geojson" or ".json" => new GeoJsonWriter(path, context.Schema, context.Crs),
            ".tif" or ".tiff" => new MaskRasterWriter(path, context),
            var ext => throw new ArgumentException($"unknown output format '{ext}' for {path}: use .parquet, .geojson, .json or .tif"),
        };

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
