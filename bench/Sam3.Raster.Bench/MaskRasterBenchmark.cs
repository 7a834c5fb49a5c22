using System.Diagnostics;
using System.Globalization;
using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Geo;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Bench;

/// <summary>
/// <c>maskraster [--sizes 10000,40000] [--features 20000] [--dense]</c>: the <c>.tif</c> output of
/// synthetic detections (star polygons of 12–40 vertices, radius 6–40 px, two prompts, seeded) on
/// square scenes, each size written by a child process (this program with <c>--child</c>) under
/// <c>/usr/bin/time</c>: wall and CPU (user + system) seconds and the child's peak RSS. The same feature count at every size
/// shows what the raster itself costs (a flat peak: it is burnt block by block, never held);
/// <c>--dense</c> adds each size with the features scaled to the area (the first size's density),
/// which shows the buffered features' share.
/// </summary>
internal static class MaskRasterBenchmark
{
    private static readonly string[] Prompts = ["building", "tree"];

    public static Task<int> Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "--child")
        {
            return Task.FromResult(Child(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), args[3]));
        }

        var sizes = Option(args, "--sizes", "10000,40000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int features = int.Parse(Option(args, "--features", "20000"), CultureInfo.InvariantCulture);
        var runs = sizes.Select(s => (Size: s, Features: features)).ToList();
        if (args.Contains("--dense"))
        {
            runs.AddRange(sizes.Skip(1).Select(s => (Size: s, Features: (int)(features * ((double)s / sizes[0]) * ((double)s / sizes[0])))));
        }

        string dir = Path.Combine(Path.GetTempPath(), $"sam3r-bench-maskraster-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine("| scene | features | raster as one array | wall | CPU | peak RSS | file |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (size, count) in runs)
            {
                string output = Path.Combine(dir, $"mask-{size}-{count}.tif");
                string times = Path.Combine(dir, "time.txt");
                ExternalTool.Run("/usr/bin/time", "-o", times, "-f", "%e %M %U %S", "dotnet", typeof(MaskRasterBenchmark).Assembly.Location, "maskraster", "--child",
                    size.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture), output);
                var f = File.ReadAllLines(times)[^1].Split(' ');
                double wall = double.Parse(f[0], CultureInfo.InvariantCulture);
                long peakKb = long.Parse(f[1], CultureInfo.InvariantCulture);
                double cpu = double.Parse(f[2], CultureInfo.InvariantCulture) + double.Parse(f[3], CultureInfo.InvariantCulture);
                double array = (double)size * size * 4 * Prompts.Length / (1L << 30);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size}² | {count} | {array:F1} GiB | {wall:F1} s | {cpu:F1} s | {peakKb / 1024.0:F0} MiB | {new FileInfo(output).Length / 1048576.0:F1} MiB |"));
                File.Delete(output);
            }

            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Writes one mask raster of <paramref name="count"/> features on a <paramref name="size"/>² scene, through the real output path.</summary>
    private static int Child(int size, int count, string output)
    {
        var transform = new GeoTransform(500000, 10, 0, 7000000, 0, -10);
        using var srs = SpatialReference.FromEpsg(32633);
        var crs = SceneCrs.From(srs);
        var factory = new GeometryFactory(new PrecisionModel(), 32633);
        var context = new OutputContext(FeatureSchema.Detections, crs)
        {
            Scenes = [new OutputScene("scene.tif", size, size, transform, crs)],
            Prompts = Prompts,
        };
        var random = new Random(size ^ count);
        using var writer = FeatureOutputs.Open(output, context);
        for (int id = 1; id <= count; id++)
        {
            double cx = random.NextDouble() * size, cy = random.NextDouble() * size, radius = 6 + (random.NextDouble() * 34);
            int points = 12 + random.Next(29);
            var ring = new Coordinate[points + 1];
            for (int i = 0; i < points; i++)
            {
                double angle = 2 * Math.PI * i / points, r = radius * (0.6 + (0.4 * random.NextDouble()));
                ring[i] = new Coordinate(Math.Round(cx + (r * Math.Cos(angle))), Math.Round(cy + (r * Math.Sin(angle))));
            }

            ring[points] = ring[0].Copy();
            var world = Georeferencing.ToWorld(factory.CreatePolygon(ring), transform, factory);
            writer.Write(OutputFeature.Detection(id, world, Prompts[id % 2], random.NextDouble(), "scene.tif", 0, 0));
        }

        writer.Commit();
        return 0;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
