using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Tiling.Tiles;

/// <summary>
/// One tile of a plan. <see cref="Window"/> is what is read (scene pixels, inside the scene; smaller
/// than the tile size only where the scene is, and then the patch is padded at its right/bottom).
/// <see cref="Core"/> is the part of the window this tile is responsible for: the cores of a plan
/// partition the scene, so a pixel's result comes from exactly one tile.
/// <see cref="IsOutsideAoi"/>: the window misses the job's area of interest; such a tile is never
/// read, not even to find whether it is empty.
/// </summary>
public sealed record Tile(int Id, int GridCol, int GridRow, PixelWindow Window, PixelWindow Core, bool IsEmpty = false, bool IsOutsideAoi = false);
