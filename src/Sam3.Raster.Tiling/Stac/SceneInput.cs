namespace Sam3.Raster.Tiling.Stac;

/// <summary>
/// One scene of a job as resolved from the user's inputs: the path GDAL opens (a local path or a
/// <c>/vsi…</c> URI) and, for a STAC item, the item's id, which names the scene in the features
/// (<see cref="Name"/> null: the path names it).
/// </summary>
public sealed record SceneInput(string Path, string? Name = null);
