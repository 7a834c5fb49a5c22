using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// A tile as the seam merger needs it: its place in the grid, the window the model saw and the core
/// it owns (cores partition the scene), all in scene pixels. The pipeline maps its tiles onto this.
/// </summary>
public sealed record SeamTile(int Id, int GridCol, int GridRow, PixelWindow Window, PixelWindow Core);
