using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Actors.Maps;

/// <summary>
/// Turns a job entity's <see cref="JobTiles"/> into a <see cref="JobMap"/>: opens each scene once
/// (through the cache) for its grid and CRS, and projects the scene's outline and the tiles' cores
/// to lon/lat. Tiles whose core the entity no longer holds get the core of the plain grid
/// (<see cref="TilePlanner.Plan(int, int, TileOptions)"/>), which is the plan's: empty tiles only differ in state.
/// </summary>
public sealed class JobMapBuilder(SceneGeoCache scenes)
{
    /// <summary>Points along each tile edge: a straight pixel edge bends in lon/lat, so neighbours and the scene outline meet without gaps.</summary>
    private const int TileEdgePoints = 8;

    public JobMap Build(JobTiles tiles) =>
        new(tiles.JobId.Value, tiles.Status, [.. tiles.Scenes.Select(s => Scene(s, tiles.Spec?.Tiles ?? TileSettings.Default))]);

    private SceneMap Scene(SceneTileStates scene, TileSettings settings)
    {
        var (geo, problem) = scenes.Get(scene.Path);
        if (geo is null)
        {
            return new SceneMap(scene.Scene, scene.Path, 0, 0, false, null, null, [], problem);
        }

        using var projection = new LonLatProjection(geo);
        var footprint = projection.Footprint();
        IReadOnlyList<Tile>? grid = scene.Tiles.Any(t => t.Core is null)
            ? TilePlanner.Plan(geo.Width, geo.Height, new TileOptions(settings.TileSize, settings.Overlap)).Tiles
            : null;
        var tiles = scene.Tiles
            .Where(t => t.Core is not null || (grid is not null && t.Id < grid.Count))
            .Select(t => new TileMap(t.Id, t.Status, projection.Ring(t.Core ?? grid![t.Id].Core, TileEdgePoints)))
            .ToList();
        return new SceneMap(scene.Scene, scene.Path, geo.Width, geo.Height, geo.IsGeoreferenced, footprint, LonLatProjection.Bounds(footprint), tiles);
    }
}
