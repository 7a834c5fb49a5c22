namespace Sam3.Raster.Tiling.Stac;

/// <summary>
/// The part of a STAC Item a job needs: its id, its assets' hrefs by key (as written), and the
/// location relative hrefs resolve against (the item's absolute <c>self</c> link, else the
/// document it was read from).
/// </summary>
public sealed record StacItem(string Id, IReadOnlyDictionary<string, string> Assets, Uri Location)
{
    /// <summary>The GDAL path of asset <paramref name="key"/>; an <see cref="ArgumentException"/> naming the key and the item when it has none.</summary>
    public string AssetPath(string key)
    {
        if (!Assets.TryGetValue(key, out var href))
        {
            string others = Assets.Count == 0 ? "it has no assets" : $"its assets: {string.Join(", ", Assets.Keys)}";
            throw new ArgumentException($"STAC item '{Id}' ({Location}) has no asset '{key}' ({others}); choose one with --asset");
        }

        return StacHref.ToGdalPath(href, Location);
    }
}
