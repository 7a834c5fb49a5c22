using System.Diagnostics;
using System.Runtime.InteropServices;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Bench;

/// <summary>
/// <c>tiling [--size 20000] [--reps 5] [--compress DEFLATE|NONE] [--type Byte|UInt16|Int16] [--scene PATH]</c>: reads every tile of Landsat (or of PATH)
/// upsampled to size² into model buffers (PatchReader: GDAL float read + scaling + nodata + padding),
/// beside GDAL's own C-API read of the same windows, in the same run, alternating per repetition:
/// (a) GDALDatasetRasterIO into Float32 CHW — the same GDAL work without our scaling, so the ratio
/// is our overhead; (b) the same into the scene's native type — GDAL's cheapest possible read.
/// Per-window gdal_translate processes would mostly time process start-up, so they are not used.
/// </summary>
internal static partial class TilingBenchmark
{
    public static Task<int> Run(string[] args)
    {
        int size = IntOption(args, "--size", 20000), reps = IntOption(args, "--reps", 5);
        var compress = StringOption(args, "--compress", "DEFLATE");
        var type = StringOption(args, "--type", "BYTE");
        var path = Array.IndexOf(args, "--scene") is int at and >= 0 && at + 1 < args.Length && args[at + 1] is var given ? given : Fixture(size, compress, type);

        using var ds = RasterDataset.Open(path);
        var bands = BandSelection.Resolve(ds, null);
        var plan = TilePlanner.Plan(ds, bands, TileOptions.Default);
        var tiles = plan.NonEmpty.ToArray();
        var reader = new PatchReader(ds, bands, TileOptions.DefaultTileSize);
        var patch = new float[reader.PatchLength];
        var bytes = new byte[reader.PatchLength * 2];
        var native = ds.Bands[0].DataType;
        var bandMap = bands.ChannelBands;

        var raw = GdalOpen(path);
        try
        {
            var ours = new List<double>();
            var gdalFloat = new List<double>();
            var gdalByte = new List<double>();
            ReadAll(tiles, t => reader.Read(t, patch)); // warm-up: page cache, JIT
            for (int r = 0; r < reps; r++)
            {
                ours.Add(ReadAll(tiles, t => reader.Read(t, patch)));
                gdalFloat.Add(ReadAll(tiles, t => GdalRead(raw, t, bandMap, patch, 6, sizeof(float))));
                gdalByte.Add(ReadAll(tiles, t => GdalRead(raw, t, bandMap, bytes, (int)native, native == GdalDataType.Byte ? 1 : 2)));
            }

            double o = Median(ours), f = Median(gdalFloat), b = Median(gdalByte);
            Console.WriteLine($"## Tiling — {size}×{size} px, 3 bands {native}, {compress}, {tiles.Length} tiles of 1008 px (overlap 128), {reps} repetitions, medians");
            Console.WriteLine();
            Console.WriteLine("| read | median s | tiles/s | Mpx/s (3 bands) | ratio to ours |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            Row("PatchReader (float32 CHW, scaled to [−1,1])", o, o);
            Row("GDAL C API, same windows, Float32 CHW", f, o);
            Row($"GDAL C API, same windows, native {native}", b, o);
            Console.WriteLine();
            Console.WriteLine($"ours / GDAL Float32 = {o / f:F3}×; ours / GDAL {native} = {o / b:F3}×; RSS {Environment.WorkingSet >> 20} MB at the end, GDAL cache {GdalCache.CurrentBytes >> 20} MB");
            PlanningTimes(path, ds, bands, reps);
            return Task.FromResult(0);

            void Row(string name, double seconds, double reference) =>
                Console.WriteLine($"| {name} | {seconds:F3} | {tiles.Length / seconds:F0} | {tiles.Sum(t => t.Window.Area) * 3 / seconds / 1e6:F0} | {reference / seconds:F2} |");
        }
        finally
        {
            _ = GDALClose(raw);
        }
    }

    private static double ReadAll(Tile[] tiles, Action<Tile> read)
    {
        var watch = Stopwatch.StartNew();
        foreach (var t in tiles)
        {
            read(t);
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static unsafe void GdalRead<T>(IntPtr ds, Tile tile, int[] bandMap, T[] buffer, int type, int pixel)
        where T : unmanaged
    {
        const int t = TileOptions.DefaultTileSize;
        var w = tile.Window;
        fixed (T* p = buffer)
        fixed (int* map = bandMap)
        {
            if (GDALDatasetRasterIO(ds, 0, w.Col, w.Row, w.Width, w.Height, p, w.Width, w.Height, type, 3, map, pixel, pixel * t, pixel * t * t) != 0)
            {
                throw new InvalidOperationException($"GDALDatasetRasterIO failed at {w}: {GdalLibrary.LastErrorMessage()}");
            }
        }
    }

    /// <summary>Planning (empty-tile detection) on one thread and on every core, alternating, fresh datasets each time (their blocks start uncached, as a job sees them).</summary>
    private static void PlanningTimes(string path, RasterDataset ds, BandSelection bands, int reps)
    {
        var one = new List<double>();
        var all = new List<double>();
        int empty = 0;
        for (int r = 0; r < reps; r++)
        {
            var clock = Stopwatch.StartNew();
            using (var fresh = RasterDataset.Open(path))
            {
                empty = TilePlanner.Plan(fresh, bands, TileOptions.Default).EmptyCount;
            }

            one.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            using (var fresh = RasterDataset.Open(path))
            {
                TilePlanner.Plan(fresh, bands, TileOptions.Default, () => RasterDataset.Open(path), Environment.ProcessorCount);
            }

            all.Add(clock.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"planning ({empty} empty tiles): 1 thread {Median(one):F3} s, {Environment.ProcessorCount} threads {Median(all):F3} s (medians of {reps})");
    }

    private static string Fixture(int size, string compress, string type)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sam3r-fixtures");
        Directory.CreateDirectory(dir);
        var suffix = (compress == "DEFLATE" ? "" : "_" + compress.ToLowerInvariant()) + (type == "BYTE" ? "" : "_" + type.ToLowerInvariant());
        var path = Path.Combine(dir, $"l7_{size}{suffix}.tif");
        if (File.Exists(path))
        {
            return path;
        }

        var landsat = Path.Combine(RepositoryRoot(), "tests", "data", "L7_ETMs.tif");
        var temp = path + ".tmp.tif";
        var watch = Stopwatch.StartNew();
        using var p = Process.Start("gdal_translate", ["-q", "-outsize", $"{size}", $"{size}", "-b", "3", "-b", "2", "-b", "1",
            "-co", "TILED=YES", "-co", $"COMPRESS={compress}", "-co", "ZLEVEL=1", "-co", "NUM_THREADS=ALL_CPUS",
            .. (type == "BYTE" ? Array.Empty<string>() : ["-ot", type == "UINT16" ? "UInt16" : "Int16", "-scale", "0", "255", "0", "25500"]), landsat, temp]);
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"gdal_translate could not make {path} from {landsat}");
        }

        File.Move(temp, path, overwrite: true);
        Console.Error.WriteLine($"made {path} in {watch.Elapsed.TotalSeconds:F1} s");
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Sam3.Raster.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }

    private static IntPtr GdalOpen(string path)
    {
        GdalLibrary.EnsureRegistered();
        var ds = GDALOpenEx(path, 0x02, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        return ds == IntPtr.Zero ? throw new InvalidOperationException($"GDAL cannot open {path}") : ds;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
    }

    private static string StringOption(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1].ToUpperInvariant() : fallback;
    }

    // GDAL's C API bound here, not through the library, so the baseline is GDAL alone.
    [LibraryImport(GdalLibrary.Name, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GDALOpenEx(string path, uint flags, IntPtr drivers, IntPtr options, IntPtr siblings);

    [LibraryImport(GdalLibrary.Name)]
    private static partial int GDALClose(IntPtr ds);

    [LibraryImport(GdalLibrary.Name)]
    private static unsafe partial int GDALDatasetRasterIO(IntPtr ds, int rw, int x, int y, int w, int h, void* buffer, int bw, int bh, int type,
        int bandCount, int* bandMap, int pixelSpace, int lineSpace, int bandSpace);
}
