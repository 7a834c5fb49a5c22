using System.Globalization;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Tests.Support;

/// <summary>Writes a byte mask as a georeferenced GeoTIFF with GDAL's own tools (raw ENVI → gdal_translate).</summary>
internal static class MaskRaster
{
    /// <summary>A UTM 25S (EPSG:31985) north-up transform with 30 m pixels, like the Landsat scene.</summary>
    public static GeoTransform Utm30m { get; } = new(500_000.5, 30, 0, 9_100_000.25, 0, -30);

    public static string WriteGeoTiff(TempDirectory dir, string name, byte[] mask, int width, int height, GeoTransform gt, int epsg = 31985)
    {
        string bin = dir.File(name + ".bin");
        File.WriteAllBytes(bin, mask);
        File.WriteAllText(dir.File(name + ".hdr"), string.Join('\n',
            "ENVI", $"samples = {width}", $"lines = {height}", "bands = 1", "header offset = 0",
            "file type = ENVI Standard", "data type = 1", "interleave = bsq", "byte order = 0", string.Empty));
        string tif = dir.File(name + ".tif");
        var (lrx, lry) = gt.ToWorld(width, height);
        ProcessRunner.RunChecked("gdal_translate", "-q", "-of", "GTiff", "-a_srs", $"EPSG:{epsg}",
            "-a_ullr", F(gt.OriginX), F(gt.OriginY), F(lrx), F(lry), bin, tif);
        return tif;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
