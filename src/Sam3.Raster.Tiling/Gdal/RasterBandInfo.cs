namespace Sam3.Raster.Tiling.Gdal;

/// <summary>What the tiler needs to know about one band; <see cref="Index"/> is 1-based as in GDAL.</summary>
public sealed record RasterBandInfo(
    int Index,
    GdalDataType DataType,
    ColorInterpretation ColorInterpretation,
    double? NoDataValue,
    MaskFlags MaskFlags)
{
    /// <summary>True when some pixels may be invalid (nodata value, alpha or mask band).</summary>
    public bool HasMask => !MaskFlags.HasFlag(MaskFlags.AllValid);
}
