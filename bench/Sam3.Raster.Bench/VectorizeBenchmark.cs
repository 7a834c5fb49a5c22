using System.Diagnostics;
using System.Globalization;

namespace Sam3.Raster.Bench;

/// <summary>
/// <c>sam3r vectorize</c> against <c>gdal_polygonize.py</c> on the same masks, in one run, both as
/// child processes writing GeoJSON, timed by <c>/usr/bin/time</c> (wall and user+system CPU), with a
/// warm-up run each and medians of <c>--runs</c> (default 5). Two mask shapes, 6000² each: band 4 of
/// the Landsat scene thresholded (fragmented: many small regions) and smooth blobs (a deterministic
/// random grid upsampled with a cubic spline and thresholded at half: few regions, long outlines
/// with many holes, most of them crossing the vectorizer's strip seams); <c>--large</c> adds the
/// Landsat mask at 20000², one run.
/// </summary>
internal static class VectorizeBenchmark
{
    /// <summary>Pixels per cell of the blob mask's random grid: the scale of its blobs.</summary>
    private const int BlobCell = 60;

    public static Task<int> Run(string[] args)
    {
        bool large = args.Contains("--large");
        int runs = Option(args, "--runs", 5);
        string dir = Path.Combine(Path.GetTempPath(), $"sam3r-bench-vectorize-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string landsat = FindLandsat();
            string thresholded = Path.Combine(dir, "l7-b4.tif");
            ExternalTool.Run("/usr/bin/python3", "/usr/bin/gdal_calc.py", "--quiet", "-A", landsat, "--A_band=4", "--type=Byte", "--hideNoData", "--calc=A>60", "--outfile", thresholded);
            var masks = new List<(string Name, string Path, int Runs)>
            {
                ("Landsat b4>60 (fragmented), 6000²", Resample(dir, thresholded, 6000), runs),
                ("smooth blobs, 6000²", Blobs(dir, 6000), runs),
            };
            if (large)
            {
                masks.Add(("Landsat b4>60 (fragmented), 20000²", Resample(dir, thresholded, 20000), 1));
            }

            Console.WriteLine("| mask | conn. | features | sam3r wall | gdal wall | wall ratio | sam3r CPU | gdal CPU | CPU ratio |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (name, path, n) in masks)
            {
                foreach (string conn in new[] { "4", "8" })
                {
                    string ours = Path.Combine(dir, "ours.geojson");
                    string gdal = Path.Combine(dir, "gdal.geojson");
                    var a = Median(n, () => Timed(ours, "dotnet", CliBinary.Path, "vectorize", "--mask", path, "--out", ours, "--connectivity", conn));
                    var g = Median(n, () => Timed(gdal, "/usr/bin/python3", [
                        "/usr/bin/gdal_polygonize.py", "-q", .. (conn == "8" ? new[] { "-8" } : []), "-mask", path, path, "-f", "GeoJSON", gdal]));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {conn} | {Features(ours)} | {a.Wall:F2} s | {g.Wall:F2} s | {a.Wall / g.Wall:F2}× | {a.Cpu:F2} s | {g.Cpu:F2} s | {a.Cpu / g.Cpu:F2}× |"));
                }
            }

            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static (double Wall, double Cpu) Median(int runs, Func<(double Wall, double Cpu)> body)
    {
        if (runs > 1)
        {
            body(); // warm-up: page cache, GDAL drivers
        }

        var times = Enumerable.Range(0, runs).Select(_ => body()).ToList();
        double Mid(IEnumerable<double> v) => v.Order().ElementAt(runs / 2);
        return (Mid(times.Select(t => t.Wall)), Mid(times.Select(t => t.Cpu)));
    }

    /// <summary>Runs a command under <c>/usr/bin/time</c>: its wall seconds and user+system CPU seconds.</summary>
    private static (double Wall, double Cpu) Timed(string output, string file, params string[] args)
    {
        File.Delete(output);
        string times = Path.Combine(Path.GetDirectoryName(output)!, "time.txt");
        ExternalTool.Run("/usr/bin/time", ["-o", times, "-f", "%e %U %S", file, .. args]);
        var f = File.ReadAllLines(times)[^1].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return (f[0], f[1] + f[2]);
    }

    /// <summary>The feature count of the last run's GeoJSON (ours), for the table.</summary>
    private static int Features(string ours)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(ours));
        return doc.RootElement.GetProperty("features").GetArrayLength();
    }

    private static string Resample(string dir, string src, int size)
    {
        string dst = Path.Combine(dir, $"l7-b4-{size}.tif");
        ExternalTool.Run("gdal_translate", "-q", "-r", "nearest", "-outsize", $"{size}", $"{size}", "-co", "TILED=YES", "-co", "COMPRESS=LZW", src, dst);
        return dst;
    }

    /// <summary>
    /// Smooth blobs: a grid of seeded random bytes, one per <see cref="BlobCell"/>² pixels, upsampled by
    /// GDAL's cubic spline and thresholded at 128 by gdal_calc.py (UTM 25S, 30 m pixels, tiled LZW GeoTIFF).
    /// </summary>
    private static string Blobs(string dir, int size)
    {
        int cells = size / BlobCell;
        var grid = new byte[cells * cells];
        new Random(21).NextBytes(grid);
        string bin = Path.Combine(dir, "blob-grid.bin");
        File.WriteAllBytes(bin, grid);
        File.WriteAllText(Path.ChangeExtension(bin, ".hdr"), $"ENVI\nsamples = {cells}\nlines = {cells}\nbands = 1\nheader offset = 0\nfile type = ENVI Standard\ndata type = 1\ninterleave = bsq\nbyte order = 0\n");
        string smooth = Path.Combine(dir, "blob-smooth.tif");
        ExternalTool.Run("gdal_translate", "-q", "-outsize", $"{size}", $"{size}", "-r", "cubicspline", "-a_srs", "EPSG:31985",
            "-a_ullr", "500000", "9100000", $"{500000 + (30 * size)}", $"{9100000 - (30 * size)}", bin, smooth);
        string tif = Path.Combine(dir, $"blobs-{size}.tif");
        ExternalTool.Run("/usr/bin/python3", "/usr/bin/gdal_calc.py", "--quiet", "-A", smooth, "--type=Byte", "--calc=A>128", "--co", "TILED=YES", "--co", "COMPRESS=LZW", "--outfile", tif);
        return tif;
    }

    private static string FindLandsat()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string p = Path.Combine(d.FullName, "tests", "data", "L7_ETMs.tif");
            if (File.Exists(Path.Combine(d.FullName, "Sam3.Raster.slnx")) && File.Exists(p))
            {
                return Path.GetFullPath(p);
            }
        }

        throw new FileNotFoundException("L7_ETMs.tif not found in the repository (tests/data)");
    }
}
