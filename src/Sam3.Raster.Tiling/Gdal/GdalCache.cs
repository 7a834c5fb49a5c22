namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// GDAL's block cache is process-wide and defaults to 5% of RAM, which grows the working set with
/// the scene. Overlapping tiles reuse blocks only from their neighbours (the same row, and the row
/// above for the overlap band), so a fixed budget that holds a few rows of tiles of a wide scene
/// decodes each block once and keeps memory flat whatever the scene size. Configuring it also sets
/// the remote-read defaults (<see cref="GdalRemoteReads"/>), so every dataset opens with both.
/// </summary>
public static class GdalCache
{
    /// <summary>About four rows of 1008-px tiles of a 20 000-px-wide 3-band Byte scene (60 MB a row).</summary>
    public const long DefaultBytes = 256L * 1024 * 1024;

    private static readonly Lazy<bool> Configured = new(() =>
    {
        GdalLibrary.EnsureRegistered();

        // Respect an operator's explicit choice.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GDAL_CACHEMAX")))
        {
            GdalNative.GDALSetCacheMax64(DefaultBytes);
        }

        GdalRemoteReads.ApplyDefaults();

        return true;
    });

    public static void EnsureConfigured() => _ = Configured.Value;

    public static long CurrentBytes => GdalNative.GDALGetCacheMax64();
}
