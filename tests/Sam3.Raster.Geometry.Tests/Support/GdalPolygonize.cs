using System.Text.Json;
using NetTopologySuite.Geometries;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Geometry.Tests.Support;

/// <summary>The reference: GDAL's gdal_polygonize.py on the same raster, read back from GeoJSON.</summary>
internal static class GdalPolygonize
{
    public sealed record Feature(NetTopologySuite.Geometries.Geometry Geometry, int Value);

    /// <summary>Polygons of the nonzero pixels (the raster is its own mask, as in our vectorizer).</summary>
    public static IReadOnlyList<Feature> Run(TempDirectory dir, string tif, bool eight)
    {
        string output = dir.File(Path.GetFileNameWithoutExtension(tif) + (eight ? "-8" : "-4") + ".geojson");
        var args = new List<string> { "-q" };
        if (eight)
        {
            args.Add("-8");
        }

        args.AddRange(["-mask", tif, tif, "-f", "GeoJSON", output]);
        ProcessRunner.RunChecked("/usr/bin/python3", ["/usr/bin/gdal_polygonize.py", .. args]);
        return Read(output);
    }

    public static IReadOnlyList<Feature> Read(string geojson)
    {
        var factory = new GeometryFactory();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(geojson));
        var list = new List<Feature>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var g = f.GetProperty("geometry");
            int value = f.GetProperty("properties").TryGetProperty("DN", out var dn) ? dn.GetInt32() : 0;
            list.Add(new Feature(ParseGeometry(factory, g), value));
        }

        return list;
    }

    public static NetTopologySuite.Geometries.Geometry ParseGeometry(GeometryFactory factory, JsonElement g)
    {
        string type = g.GetProperty("type").GetString()!;
        var coords = g.GetProperty("coordinates");
        return type switch
        {
            "Polygon" => ParsePolygon(factory, coords),
            "MultiPolygon" => factory.CreateMultiPolygon(coords.EnumerateArray().Select(p => ParsePolygon(factory, p)).ToArray()),
            _ => throw new InvalidDataException($"unexpected geometry type {type}"),
        };
    }

    private static Polygon ParsePolygon(GeometryFactory factory, JsonElement rings)
    {
        var lr = rings.EnumerateArray()
            .Select(r => factory.CreateLinearRing(r.EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray()))
            .ToArray();
        return factory.CreatePolygon(lr[0], lr[1..]);
    }
}
