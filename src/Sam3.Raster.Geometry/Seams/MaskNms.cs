namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// Mask non-maximum suppression within one tile: two detections of one prompt are the same object
/// only when their masks nearly coincide (IoU ≥ the threshold); then the lower-scored one is
/// dropped (ties: the higher query index). Otherwise both stay, even where they overlap: touching
/// objects' masks overlap by a few pixels, and that does not make them one.
/// </summary>
public static class MaskNms
{
    public const double DefaultIou = 0.7;

    /// <summary>The instances kept, highest score first; every geometry is one query's whole mask in the tile.</summary>
    public static List<SeamFeature> Suppress(IEnumerable<SeamFeature> instances, double iouThreshold)
    {
        var kept = new List<SeamFeature>();
        foreach (var candidate in instances.OrderByDescending(f => f.Score).ThenBy(f => f.Query))
        {
            if (!kept.Any(k => k.Prompt == candidate.Prompt && Iou(k.Geometry, candidate.Geometry) >= iouThreshold))
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }

    /// <summary>Area of the intersection over area of the union (exact on pixel polygons); 0 when apart.</summary>
    public static double Iou(NetTopologySuite.Geometries.Geometry a, NetTopologySuite.Geometries.Geometry b)
    {
        if (!a.EnvelopeInternal.Intersects(b.EnvelopeInternal))
        {
            return 0;
        }

        double inter = PixelOverlay.Intersection(a, b).Area;
        double union = a.Area + b.Area - inter;
        return union > 0 ? inter / union : 0;
    }
}
