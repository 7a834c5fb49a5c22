using System.Text.Json;

namespace Sam3.Raster.Tiling.Stac;

/// <summary>
/// Parses a STAC Item (a GeoJSON Feature with <c>stac_version</c>) or an ItemCollection (a
/// FeatureCollection of such items, as STAC API searches return) into <see cref="StacItem"/>s.
/// Anything else is an <see cref="InvalidDataException"/> naming the document.
/// </summary>
public static class StacDocument
{
    public static IReadOnlyList<StacItem> Parse(ReadOnlySpan<byte> json, Uri location)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{location}: not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            switch (TypeOf(root))
            {
                case "Feature":
                    return [Item(root, location, "the document")];
                case "FeatureCollection" when root.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array:
                    var items = features.EnumerateArray().Select((f, i) => Item(f, location, $"feature {i}")).ToList();
                    return items.Count > 0 ? items : throw new InvalidDataException($"{location}: the STAC ItemCollection has no items");
                default:
                    throw new InvalidDataException($"{location}: not a STAC Item or ItemCollection (a GeoJSON Feature or FeatureCollection with stac_version)");
            }
        }
    }

    private static StacItem Item(JsonElement feature, Uri location, string which)
    {
        if (TypeOf(feature) != "Feature" || !feature.TryGetProperty("stac_version", out _))
        {
            throw new InvalidDataException($"{location}: {which} is not a STAC Item (a GeoJSON Feature with stac_version)");
        }

        if (!feature.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(idElement.GetString()))
        {
            throw new InvalidDataException($"{location}: {which} is a STAC Item without an id");
        }

        string id = idElement.GetString()!;
        var assets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (feature.TryGetProperty("assets", out var assetsElement) && assetsElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var asset in assetsElement.EnumerateObject())
            {
                if (asset.Value.ValueKind == JsonValueKind.Object && asset.Value.TryGetProperty("href", out var href) && href.ValueKind == JsonValueKind.String)
                {
                    assets[asset.Name] = href.GetString()!;
                }
            }
        }

        return new StacItem(id, assets, SelfLink(feature) ?? location);
    }

    /// <summary>The item's own absolute <c>self</c> link: relative hrefs of an item from a search resolve against it.</summary>
    private static Uri? SelfLink(JsonElement feature)
    {
        if (!feature.TryGetProperty("links", out var links) || links.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var link in links.EnumerateArray())
        {
            if (link.ValueKind == JsonValueKind.Object
                && link.TryGetProperty("rel", out var rel) && rel.ValueKind == JsonValueKind.String && rel.GetString() == "self"
                && link.TryGetProperty("href", out var href) && href.ValueKind == JsonValueKind.String
                && Uri.TryCreate(href.GetString(), UriKind.Absolute, out var self))
            {
                return self;
            }
        }

        return null;
    }

    private static string? TypeOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
}
