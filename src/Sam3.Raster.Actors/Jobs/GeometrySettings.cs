using Sam3.Raster.Geometry.Seams;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>
/// How a job turns masks into features (docs/GEOMETRY.md): merge mode, the mask-NMS IoU within a
/// tile, topology-preserving simplification in pixels (0: exact pixel outlines) and a minimum area
/// in CRS units² (square metres in a metric CRS; 0: keep everything).
/// </summary>
public sealed record GeometrySettings(
    MergeMode Merge = MergeMode.Instances,
    double DedupeIou = MaskNms.DefaultIou,
    double SimplifyPixels = 0,
    double MinArea = 0)
{
    public static GeometrySettings Default { get; } = new();

    /// <summary>The settings, or an error naming the option that is out of range.</summary>
    public GeometrySettings Checked()
    {
        if (DedupeIou is <= 0 or > 1 || double.IsNaN(DedupeIou))
        {
            throw new ArgumentException($"--dedupe-iou must lie in (0, 1], got {DedupeIou}");
        }

        if (SimplifyPixels < 0 || !double.IsFinite(SimplifyPixels))
        {
            throw new ArgumentException($"--simplify must be 0 or more pixels, got {SimplifyPixels}");
        }

        if (MinArea < 0 || !double.IsFinite(MinArea))
        {
            throw new ArgumentException($"--min-area must be 0 or more, got {MinArea}");
        }

        return this;
    }
}
