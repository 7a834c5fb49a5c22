using System.Text.Json.Nodes;

namespace Sam3.Raster.TestSupport;

/// <summary>Minimal STAC 1.0 documents for tests: Items with the assets given (key → href), and ItemCollections of them.</summary>
public static class StacJson
{
    public static JsonObject Item(string id, IReadOnlyDictionary<string, string> assets, string? self = null)
    {
        var assetObjects = new JsonObject();
        foreach (var (key, href) in assets)
        {
            assetObjects[key] = new JsonObject { ["href"] = href, ["type"] = "image/tiff; application=geotiff; profile=cloud-optimized" };
        }

        var links = new JsonArray();
        if (self is not null)
        {
            links.Add(new JsonObject { ["rel"] = "self", ["href"] = self });
        }

        return new JsonObject
        {
            ["type"] = "Feature",
            ["stac_version"] = "1.0.0",
            ["id"] = id,
            ["geometry"] = null,
            ["properties"] = new JsonObject { ["datetime"] = "2024-06-01T10:00:00Z" },
            ["links"] = links,
            ["assets"] = assetObjects,
        };
    }

    public static JsonObject ItemCollection(params JsonObject[] items) => new()
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray([.. items]),
    };

    /// <summary>Writes <paramref name="document"/> to <paramref name="path"/> and returns the path.</summary>
    public static string Write(JsonObject document, string path)
    {
        File.WriteAllText(path, document.ToJsonString());
        return path;
    }
}
