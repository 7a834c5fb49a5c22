namespace Sam3.Raster.Geometry.Output;

/// <summary>The feature outputs, chosen by file extension.</summary>
public enum OutputFormat
{
    GeoParquet,
    GeoJson,
    GeoPackage,
    FlatGeobuf,
}

public static class OutputFormats
{
    /// <summary>The extensions of feature outputs, as <c>--out</c> help and errors list them.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".parquet", ".geojson", ".gpkg", ".fgb"];

    /// <summary>The format a path's extension names; null when it names none of them.</summary>
    public static OutputFormat? Of(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".parquet" or ".geoparquet" => OutputFormat.GeoParquet,
        ".geojson" or ".json" => OutputFormat.GeoJson,
        ".gpkg" => OutputFormat.GeoPackage,
        ".fgb" => OutputFormat.FlatGeobuf,
        _ => null,
    };

    /// <summary>Formats that carry the features' CRS (and so need one CRS for all of them); GeoJSON is always WGS 84 lon/lat.</summary>
    public static bool KeepsCrs(this OutputFormat format) => format != OutputFormat.GeoJson;
}
