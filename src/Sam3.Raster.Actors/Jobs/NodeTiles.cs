namespace Sam3.Raster.Actors.Jobs;

/// <summary>
/// The tiles of a job one gpu node has run (<paramref name="Node"/>: its cluster address), and its
/// recent pace: tiles per second since the job's entity first heard from it in this run of the
/// entity (0 until a second tile arrives; not kept across restarts).
/// </summary>
public sealed record NodeTiles(string Node, int Tiles, double TilesPerSecond);
