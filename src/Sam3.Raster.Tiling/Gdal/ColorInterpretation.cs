namespace Sam3.Raster.Tiling.Gdal;

/// <summary>GDAL's GDALColorInterp values this library looks at (others keep their GDAL number).</summary>
public enum ColorInterpretation
{
    Undefined = 0,
    Gray = 1,
    Palette = 2,
    Red = 3,
    Green = 4,
    Blue = 5,
    Alpha = 6,
}
