using System.Diagnostics;
using System.Globalization;
using Sam3.Raster.Geometry.Raster;
using Sam3.Raster.Geometry.Vectorize;

namespace Sam3.Raster.Bench;

/// <summary>
/// <c>sam3r vectorize</c>'s code against <c>gdal_polygonize.py</c> on the same masks, in one run:
/// 1008² tiles (the Landsat scene thresholded and resampled, synthetic blobs) and, with
/// <c>--large</c>, a 20000² mask resampled from the thresholded Landsat band. Both write a file
/// (ours GeoParquet, GDAL GeoPackage — GDAL 3.6 here has no Parquet driver). Prints medians and the ratio.
/// </summary>
internal static class VectorizeBenchmark
{
    public static Task<int> Run(string[] args)
    {
        bool large = args.Contains("--large");
        int runs = 5;
        string dir = Path.Combine(Path.GetTempPath(), $"sam3r-bench-vectorize-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string landsat = FindLandsat();
            string thresholded = Path.Combine(dir, "l7-b4.tif");
            Tool("/usr/bin/python3", "/usr/bin/gdal_calc.py", "--quiet", "-A", landsat, "--A_band=4", "--type=Byte", "--hideNoData", "--calc=A>60", "--outfile", thresholded);
            var masks = new List<(string Name, string Path, int Runs)>
            {
                ("Landsat b4>60, 1008²", Resample(dir, thresholded, 1008), runs),
                ("synthetic blobs, 1008²", Blobs(dir, 1008), runs),
            };
            if (large)
            {
                masks.Add(("Landsat b4>60, 20000²", Resample(dir, thresholded, 20000), 1));
            }

            Console.WriteLine("| mask | connectivity | features | sam3r vectorize (median) | gdal_polygonize.py (median) | speed-up |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
            foreach (var (name, path, n) in masks)
            {
                foreach (var conn in new[] { Connectivity.Four, Connectivity.Eight })
                {
                    long features = 0;
                    var ours = Median(n, i =>
                    {
                        string o = Path.Combine(dir, $"ours-{i}.parquet");
                        features = RasterVectorizer.Run(path, [o], conn).Features;
                        File.Delete(o);
                    });
                    var gdal = Median(n, i =>
                    {
                        string o = Path.Combine(dir, $"gdal-{i}.gpkg");
                        var a = new List<string> { "/usr/bin/gdal_polygonize.py", "-q" };
                        if (conn == Connectivity.Eight)
                        {
                            a.Add("-8");
                        }

                        a.AddRange(["-mask", path, path, "-f", "GPKG", o]);
                        Tool("/usr/bin/python3", [.. a]);
                        File.Delete(o);
                    });
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {(int)conn} | {features} | {ours:F0} ms | {gdal:F0} ms | {gdal / ours:F1}× |"));
                }
            }

            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Median(int runs, Action<int> body)
    {
        if (runs > 1)
        {
            body(-1); // warm-up: JIT, GDAL drivers, page cache
        }
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            body(i);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static string Resample(string dir, string src, int size)
    {
        string dst = Path.Combine(dir, $"l7-b4-{size}.tif");
        Tool("gdal_translate", "-q", "-r", "nearest", "-outsize", $"{size}", $"{size}", "-co", "TILED=YES", "-co", "COMPRESS=LZW", src, dst);
        return dst;
    }

    private static string Blobs(string dir, int size)
    {
        var rng = new Random(42);
        var m = new byte[size * size];
        for (int k = 0; k < 400; k++)
        {
            int cx = rng.Next(size), cy = rng.Next(size), r = rng.Next(3, 60);
            for (int y = Math.Max(0, cy - r); y < Math.Min(size, cy + r); y++)
            {
                for (int x = Math.Max(0, cx - r); x < Math.Min(size, cx + r); x++)
                {
                    if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < r * r && rng.NextDouble() < 0.97)
                    {
                        m[(y * size) + x] = 1;
                    }
                }
            }
        }

        string bin = Path.Combine(dir, "blobs.bin");
        File.WriteAllBytes(bin, m);
        File.WriteAllText(Path.ChangeExtension(bin, ".hdr"), $"ENVI\nsamples = {size}\nlines = {size}\nbands = 1\nheader offset = 0\nfile type = ENVI Standard\ndata type = 1\ninterleave = bsq\nbyte order = 0\n");
        string tif = Path.Combine(dir, "blobs.tif");
        Tool("gdal_translate", "-q", "-a_srs", "EPSG:31985", "-a_ullr", "500000", "9100000", $"{500000 + (30 * size)}", $"{9100000 - (30 * size)}", bin, tif);
        return tif;
    }

    private static string FindLandsat()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string p = Path.Combine(d.FullName, "..", "shared", "data", "L7_ETMs.tif");
            if (File.Exists(Path.Combine(d.FullName, "Sam3.Raster.slnx")) && File.Exists(p))
            {
                return Path.GetFullPath(p);
            }
        }

        throw new FileNotFoundException("L7_ETMs.tif not found next to the repository (../shared/data)");
    }

    private static void Tool(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {err}");
        }
    }
}
