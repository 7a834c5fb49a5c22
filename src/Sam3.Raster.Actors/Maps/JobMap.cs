using System.Text.Json.Serialization;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Maps;

/// <summary>
/// A job on the map (<c>GET /jobs/{id}/tiles</c>): every scene's footprint and every tile's core as
/// lon/lat rings (WGS 84, [lon, lat] pairs, first point repeated last) with the tile's state.
/// </summary>
public sealed record JobMap(string Id, JobStatus Status, IReadOnlyList<SceneMap> Scenes)
{
    /// <summary>Tiles per state over all scenes (every state listed, zeros included).</summary>
    public IReadOnlyDictionary<TileStatus, int> Counts =>
        Enum.GetValues<TileStatus>().ToDictionary(s => s, s => Scenes.Sum(scene => scene.Tiles.Count(t => t.Status == s)));
}

/// <summary>
/// One scene: its footprint and lon/lat bounds ([west, south, east, north], where its quicklook
/// goes), or <see cref="Problem"/> when the scene cannot be read where the map is drawn.
/// <see cref="Georeferenced"/> false means the stand-in frame of <see cref="LonLatProjection"/>.
/// </summary>
public sealed record SceneMap(
    int Scene,
    string Path,
    int Width,
    int Height,
    bool Georeferenced,
    double[][]? Footprint,
    double[]? Bounds,
    IReadOnlyList<TileMap> Tiles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Problem = null);

/// <summary>One tile: id, state, and its core as a lon/lat ring.</summary>
public sealed record TileMap(int Id, TileStatus Status, double[][] Ring);
