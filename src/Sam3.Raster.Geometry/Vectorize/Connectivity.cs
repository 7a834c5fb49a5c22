namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// Which pixels make one object. <see cref="Eight"/> (the default for model masks) joins pixels that
/// touch only at a corner; <see cref="Four"/> joins edge neighbours only, like gdal_polygonize's default.
/// </summary>
public enum Connectivity
{
    Four = 4,
    Eight = 8,
}
