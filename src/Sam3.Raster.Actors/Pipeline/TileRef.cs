using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// A tile as it travels in messages: its id and grid position in the scene's plan, the window to
/// read and the core it is responsible for, all in scene pixels. A reference, never pixels.
/// Empty tiles (all nodata) and tiles outside the job's AOI are never read.
/// </summary>
public sealed record TileRef(int Id, int GridCol, int GridRow, PixelWindow Window, PixelWindow Core, bool IsEmpty, bool OutsideAoi = false)
{
    public bool IsSkipped => IsEmpty || OutsideAoi;
}
