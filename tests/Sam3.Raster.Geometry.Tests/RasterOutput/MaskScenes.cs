using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Geo;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Tests.RasterOutput;

/// <summary>
/// Scenes and features for the mask raster tests: a UTM 25S grid of 30 m pixels whose size is no
/// multiple of the 512 px block (partial blocks at both edges), and detections built in pixel
/// space with fractional vertices, then georeferenced as the pipeline does.
/// </summary>
internal static class MaskScenes
{
    public static GeoTransform Transform { get; } = new(290000, 30, 0, 9120000, 0, -30);

    public static SceneCrs Crs { get; } = Utm25S();

    public static GeometryFactory Factory { get; } = new(new PrecisionModel(), 31985);

    public static OutputScene Scene(string path, int width = 1300, int height = 700) => new(path, width, height, Transform, Crs);

    public static OutputContext Context(IReadOnlyList<string> prompts, params OutputScene[] scenes) =>
        new(FeatureSchema.Detections, Crs) { Scenes = scenes, Prompts = prompts, JobId = "mask-test" };

    public static OutputFeature Detection(long id, NetTopologySuite.Geometries.Geometry pixels, string prompt, double score, string scene) =>
        OutputFeature.Detection(id, Georeferencing.ToWorld(pixels, Transform, Factory), prompt, score, scene, 0, 0);

    /// <summary>A star-shaped ring around (cx, cy) with radii between <paramref name="rMin"/> and <paramref name="rMax"/>.</summary>
    public static Coordinate[] Star(Random random, double cx, double cy, double rMin, double rMax, int points)
    {
        var ring = new Coordinate[points + 1];
        for (int i = 0; i < points; i++)
        {
            double angle = 2 * Math.PI * i / points, r = rMin + (random.NextDouble() * (rMax - rMin));
            ring[i] = new Coordinate(cx + (r * Math.Cos(angle)), cy + (r * Math.Sin(angle)));
        }

        ring[points] = ring[0].Copy();
        return ring;
    }

    public static Polygon Square(double x, double y, double size) =>
        Factory.CreatePolygon([new(x, y), new(x + size, y), new(x + size, y + size), new(x, y + size), new(x, y)]);

    private static SceneCrs Utm25S()
    {
        using var srs = SpatialReference.FromEpsg(31985);
        return SceneCrs.From(srs);
    }
}
