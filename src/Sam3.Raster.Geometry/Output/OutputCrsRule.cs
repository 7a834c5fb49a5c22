using Sam3.Raster.Tiling.Crs;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// Which CRS a job's feature outputs can be written in, decided before any tile runs:
/// <list type="bullet">
/// <item>GeoParquet, GeoPackage and FlatGeobuf hold one CRS: scenes in different CRSs need <c>--out-crs</c>
/// (refused otherwise, naming the CRSs); with it, every scene's features are reprojected to it.</item>
/// <item>GeoJSON is WGS 84 longitude/latitude (RFC 7946), whatever the scenes' CRSs.</item>
/// <item>A scene without georeferencing gives pixel coordinates (crs null) with a warning; a GeoJSON
/// output or <c>--out-crs</c> with such a scene is refused, naming the scene.</item>
/// </list>
/// Outputs that are not feature files (a mask raster) are not concerned: they stay on the scene grid.
/// </summary>
public static class OutputCrsRule
{
    /// <summary>The one-line refusal for these outputs and scenes, or null when they can be written.</summary>
    public static string? Problem(IReadOnlyList<string> outputs, IReadOnlyList<(string Scene, SceneCrs Crs)> scenes, bool outputCrsGiven)
    {
        var formats = outputs.Select(o => (Output: o, Format: OutputFormats.Of(o))).Where(o => o.Format is not null).ToList();
        var geoJson = formats.FirstOrDefault(o => o.Format == OutputFormat.GeoJson).Output;
        bool keepsCrs = formats.Any(o => o.Format!.Value.KeepsCrs());
        foreach (var (scene, crs) in scenes.Where(s => !s.Crs.IsGeoreferenced))
        {
            if (geoJson is not null)
            {
                return $"{scene} has no georeferencing (no CRS or geotransform): the GeoJSON output {geoJson} needs longitude/latitude (a .parquet output takes pixel coordinates)";
            }

            if (outputCrsGiven && keepsCrs)
            {
                return $"{scene} has no georeferencing (no CRS or geotransform): --out-crs cannot reproject its pixel coordinates";
            }
        }

        if (!outputCrsGiven && keepsCrs)
        {
            var distinct = new List<(string Scene, SceneCrs Crs)>();
            foreach (var s in scenes.Where(s => !distinct.Any(d => d.Crs.SameAs(s.Crs))))
            {
                distinct.Add(s);
            }

            if (distinct.Count > 1)
            {
                string listed = string.Join(", ", distinct.Take(4).Select(d => $"{d.Crs.Describe()} ({d.Scene})")) + (distinct.Count > 4 ? ", …" : "");
                return $"the scenes are in {distinct.Count} different CRSs: {listed}; pass --out-crs (e.g. --out-crs EPSG:4326) to write their features in one";
            }
        }

        return null;
    }

    /// <summary>One line per scene whose features come out in pixel coordinates.</summary>
    public static IReadOnlyList<string> Warnings(IReadOnlyList<string> outputs, IReadOnlyList<(string Scene, SceneCrs Crs)> scenes)
    {
        var keeping = outputs.Where(o => OutputFormats.Of(o) is { } f && f.KeepsCrs()).ToList();
        return keeping.Count == 0
            ? []
            : [.. scenes.Where(s => !s.Crs.IsGeoreferenced).Select(s => $"{s.Scene} has no georeferencing: its features are written in pixel coordinates (crs null) to {string.Join(", ", keeping)}")];
    }

    /// <summary>
    /// <c>--out-crs</c> as given (EPSG:n, a bare EPSG code, WKT, PROJJSON or anything GDAL/PROJ reads)
    /// to the form the job keeps: a bare code becomes EPSG:n. Throws one line naming the option when
    /// GDAL/PROJ does not know it or cannot transform WGS 84 coordinates into it.
    /// </summary>
    public static string Normalize(string definition)
    {
        string d = definition.Trim();
        if (d.Length > 0 && d.All(char.IsAsciiDigit))
        {
            d = "EPSG:" + d;
        }

        _ = Resolve(d);
        return d;
    }

    /// <summary>The CRS a normalized <c>--out-crs</c> names (see <see cref="Normalize"/>).</summary>
    public static SceneCrs Resolve(string definition)
    {
        try
        {
            using var srs = SpatialReference.FromUserInput(definition);
            using var wgs84 = SpatialReference.Wgs84();
            using var check = new CoordinateTransformation(wgs84, srs);
            return SceneCrs.From(srs);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            string shown = definition.Length <= 60 ? definition : definition[..57] + "...";
            throw new ArgumentException($"--out-crs: '{shown}' is not a CRS features can be reprojected to (give EPSG:n, a bare EPSG code or WKT)", ex);
        }
    }
}
