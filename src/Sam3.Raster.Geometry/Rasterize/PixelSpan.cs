namespace Sam3.Raster.Geometry.Rasterize;

/// <summary>The pixels [<see cref="ColStart"/>, <see cref="ColEnd"/>) of one row.</summary>
public readonly record struct PixelSpan(int Row, int ColStart, int ColEnd);
