using System.Collections.Concurrent;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Actors.Maps;

/// <summary>
/// What the map needs to know of a scene: its size, pixel-to-CRS transform and CRS (WKT; null for a
/// scene without georeferencing), read once from the file.
/// </summary>
public sealed record SceneGeo(string Path, int Width, int Height, GeoTransform Transform, string? CrsWkt)
{
    public bool IsGeoreferenced => CrsWkt is not null;

    public static SceneGeo Read(string path)
    {
        using var dataset = RasterDataset.Open(path, allowUngeoreferenced: true);
        return new SceneGeo(path, dataset.Width, dataset.Height, dataset.GeoTransform, dataset.IsGeoreferenced ? dataset.CrsWkt : null);
    }
}

/// <summary>
/// <see cref="SceneGeo"/> per scene path, read on first use and kept: a scene's grid does not change
/// while jobs read it. A scene that cannot be opened is not kept (it may appear later).
/// </summary>
public sealed class SceneGeoCache
{
    private readonly ConcurrentDictionary<string, SceneGeo> scenes = new(StringComparer.Ordinal);

    /// <summary>The scene's grid, or null with the reason when it cannot be read here.</summary>
    public (SceneGeo? Scene, string? Problem) Get(string path)
    {
        if (scenes.TryGetValue(path, out var known))
        {
            return (known, null);
        }

        try
        {
            return (scenes.GetOrAdd(path, SceneGeo.Read(path)), null);
        }
        catch (Exception ex) when (ex is RasterException or IOException or ArgumentException or InvalidOperationException)
        {
            return (null, ex.Message);
        }
    }
}
