using System.Globalization;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Geometry.Tests.Support;

/// <summary>Reads a single byte band through GDAL's command-line tools (raw ENVI), independent of our reader.</summary>
internal static class RasterBytes
{
    public static byte[] ReadBand(TempDirectory dir, string tif, out int width, out int height)
    {
        string bin = dir.File(Path.GetFileNameWithoutExtension(tif) + "-raw.bin");
        ProcessRunner.RunChecked("gdal_translate", "-q", "-of", "ENVI", "-ot", "Byte", "-b", "1", tif, bin);
        string hdr = Path.ChangeExtension(bin, ".hdr");
        var fields = File.ReadAllLines(hdr).Where(l => l.Contains('=')).ToDictionary(l => l.Split('=')[0].Trim(), l => l.Split('=', 2)[1].Trim());
        width = int.Parse(fields["samples"], CultureInfo.InvariantCulture);
        height = int.Parse(fields["lines"], CultureInfo.InvariantCulture);
        return File.ReadAllBytes(bin);
    }

    /// <summary>A thresholded band of the Landsat scene as a GeoTIFF mask (gdal_calc.py), with the scene's georeferencing.</summary>
    public static string LandsatMask(TempDirectory dir, int band = 4, int threshold = 60)
    {
        string tif = dir.File($"l7-b{band}-gt{threshold}.tif");
        ProcessRunner.RunChecked("/usr/bin/python3", "/usr/bin/gdal_calc.py", "--quiet", "-A", TestPaths.Landsat, $"--A_band={band}",
            "--type=Byte", "--hideNoData", $"--calc=A>{threshold}", "--outfile", tif);
        return tif;
    }
}
