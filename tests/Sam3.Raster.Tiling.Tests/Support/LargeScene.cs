using System.Diagnostics;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Tiling.Tests.Support;

/// <summary>
/// Landsat upsampled to a large tiled, DEFLATE-compressed GeoTIFF (3 bands), made once per machine
/// and cached under /tmp keyed by size: creating 20000² takes ~6 s on 2 cores, reading it is the test.
/// </summary>
public static class LargeScene
{
    private static readonly Lock Gate = new();

    public static string Directory => Path.Combine(Path.GetTempPath(), "sam3r-fixtures");

    public static string Get(int size, out TimeSpan creation)
    {
        var path = Path.Combine(Directory, $"l7_{size}.tif");
        creation = TimeSpan.Zero;
        lock (Gate)
        {
            if (File.Exists(path))
            {
                return path;
            }

            System.IO.Directory.CreateDirectory(Directory);
            var temp = $"{path}.{Environment.ProcessId}.tmp.tif";
            var watch = Stopwatch.StartNew();
            ProcessRunner.RunChecked("gdal_translate", "-q", "-outsize", $"{size}", $"{size}", "-b", "3", "-b", "2", "-b", "1",
                "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", "-co", "ZLEVEL=1", "-co", "NUM_THREADS=ALL_CPUS",
                TestPaths.Landsat, temp);
            creation = watch.Elapsed;

            // Rename last, so a killed run never leaves a half-written file under the cached name.
            File.Move(temp, path, overwrite: true);
            return path;
        }
    }
}
