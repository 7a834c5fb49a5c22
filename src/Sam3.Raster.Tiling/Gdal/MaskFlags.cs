namespace Sam3.Raster.Tiling.Gdal;

/// <summary>GDALGetMaskFlags bits: where a band's validity mask comes from.</summary>
[Flags]
public enum MaskFlags
{
    /// <summary>No flag: an explicit mask band (e.g. a .msk file or an internal TIFF mask).</summary>
    None = 0,

    /// <summary>GMF_ALL_VALID: every pixel is valid; no mask needs to be read.</summary>
    AllValid = 0x01,

    /// <summary>GMF_PER_DATASET: one mask shared by all bands.</summary>
    PerDataset = 0x02,

    /// <summary>GMF_ALPHA: the mask is an alpha band.</summary>
    Alpha = 0x04,

    /// <summary>GMF_NODATA: the mask is derived from the band's nodata value.</summary>
    NoData = 0x08,
}
