using System.Globalization;
using System.Text.Json;

namespace Sam3.Raster.TestSupport;

/// <summary>
/// Reads a mask raster back through GDAL's own tools, independent of the writer: <c>gdalinfo -json</c>
/// for its structure and <c>gdal_translate</c> to raw ENVI for a band's pixels.
/// </summary>
public static class MaskRasterReadback
{
    public static JsonElement Info(string tif) => JsonDocument.Parse(ProcessRunner.RunChecked("gdalinfo", "-json", tif)).RootElement;

    /// <summary>Band <paramref name="band"/> (1-based) as UInt32 pixels, row by row.</summary>
    public static uint[] Band(TempDirectory dir, string tif, int band)
    {
        string bin = dir.File($"{Path.GetFileNameWithoutExtension(tif)}-b{band}-{Guid.NewGuid():N}.bin");
        ProcessRunner.RunChecked("gdal_translate", "-q", "-of", "ENVI", "-ot", "UInt32", "-b", band.ToString(CultureInfo.InvariantCulture), tif, bin);
        var bytes = File.ReadAllBytes(bin);
        File.Delete(bin);
        File.Delete(Path.ChangeExtension(bin, ".hdr"));
        File.Delete(bin + ".aux.xml");
        var pixels = new uint[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, pixels, 0, bytes.Length);
        return pixels;
    }

    /// <summary>How many pixels of a band carry each nonzero id.</summary>
    public static Dictionary<uint, long> CountsById(uint[] pixels) =>
        pixels.Where(p => p != 0).GroupBy(p => p).ToDictionary(g => g.Key, g => g.LongCount());
}
