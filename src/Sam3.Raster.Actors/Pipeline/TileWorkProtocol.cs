using System.Text.Json.Serialization;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// The work a job entity sends out and what comes back. Every message names the scene by path and
/// the tile by id and window, so any node can do the work by reading its own windows. Tile results
/// come back as <see cref="JobCommands.RecordTileCompleted"/> / <see cref="JobCommands.RecordTileFailed"/>.
/// </summary>
public static class TileWorkProtocol
{
    /// <summary>Asks a planner to cut a scene into tiles (and find the all-nodata ones).</summary>
    public sealed record PlanScene(JobId JobId, int Scene, string ScenePath, TileSettings Tiles, IReadOnlyList<int>? Bands) : IWithJobId, ISam3Message
    {
        /// <summary>The request for scene <paramref name="scene"/> of a job: what its entity asks, and what a plan made ahead is keyed by.</summary>
        public static PlanScene For(JobId id, JobSpec spec, int scene) => new(id, scene, spec.Scenes[scene], spec.Tiles, spec.Bands);
    }

    /// <summary>A scene's plan: grid size and every tile in id (row-major) order.</summary>
    public sealed record SceneTiles(JobId JobId, int Scene, int Width, int Height, int Columns, int Rows, IReadOnlyList<TileRef> Tiles) : IWithJobId, ISam3Message
    {
        [JsonIgnore]
        public IReadOnlyList<int> EmptyTiles => [.. Tiles.Where(t => t.IsEmpty).Select(t => t.Id)];
    }

    public sealed record ScenePlanFailed(JobId JobId, int Scene, string Reason) : IWithJobId, ISam3Message;

    /// <summary>
    /// Run one tile: read its window, run every prompt, vectorize, and store the tile's result in the
    /// job's work folder. Delivery is at-least-once; processing a tile twice writes the same file.
    /// </summary>
    /// <param name="Run">The job's cancellations when the tile was sent (<see cref="JobState.Cancellations"/>): a node drops it once that run is cancelled.</param>
    public sealed record ProcessTile(JobId JobId, JobSpec Spec, int Scene, TileRef Tile, int Run = 0) : IWithJobId, ISam3Message
    {
        [JsonIgnore]
        public string ScenePath => Spec.Scenes[Scene];

        [JsonIgnore]
        public TileKey Key => new(Scene, Tile.Id);
    }

    /// <summary>Every tile is done: merge the seams from the stored tile results and write the outputs.</summary>
    public sealed record WriteOutputs(JobId JobId, JobSpec Spec, IReadOnlyList<SceneTiles> Scenes) : IWithJobId, ISam3Message;
}
