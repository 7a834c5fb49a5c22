namespace Sam3.Raster.TestSupport;

/// <summary>Cloud-optimized GeoTIFFs for remote-read tests, written by GDAL's COG driver (gdal_translate).</summary>
public static class CogFiles
{
    /// <summary>Copies <paramref name="source"/> to a COG at <paramref name="path"/> (tiles of <paramref name="blockSize"/> px, overviews, deflate) and returns the path.</summary>
    public static string Write(string source, string path, int blockSize = 512)
    {
        ProcessRunner.RunChecked("gdal_translate", "-q", "-of", "COG", "-co", $"BLOCKSIZE={blockSize}", "-co", "COMPRESS=DEFLATE", source, path);
        return path;
    }
}
