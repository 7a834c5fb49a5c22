namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// GDAL's block cache is process-wide and defaults to 5% of RAM; tiles are read once each, so a
/// large cache only grows the working set. A fixed budget keeps memory flat whatever the scene size.
/// </summary>
public static class GdalCache
{
    /// <summary>Enough for the blocks under a few 1008-px windows of a multi-band scene.</summary>
    public const long DefaultBytes = 256L * 1024 * 1024;

    private static readonly Lazy<bool> Configured = new(() =>
    {
        GdalLibrary.EnsureRegistered();

        // Respect an operator's explicit choice.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GDAL_CACHEMAX")))
        {
            GdalNative.GDALSetCacheMax64(DefaultBytes);
        }

        return true;
    });

    public static void EnsureConfigured() => _ = Configured.Value;

    public static long CurrentBytes => GdalNative.GDALGetCacheMax64();
}
