namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// A detected object in scene pixel coordinates (integer corners), before or after seam merging.
/// Merged features take the highest <see cref="Score"/> of their pieces (a seam must not lower
/// confidence in an object seen whole elsewhere), and <see cref="Tile"/>/<see cref="Query"/> of the
/// largest piece (the view that saw most of it).
/// </summary>
public sealed record SeamFeature(NetTopologySuite.Geometries.Geometry Geometry, string Prompt, double Score, int Tile, int Query);
