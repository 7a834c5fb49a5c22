namespace Sam3.Raster.Geometry.Seams;

/// <summary>The merger for a <see cref="MergeMode"/>.</summary>
public static class FeatureMergers
{
    public static IFeatureMerger Create(MergeMode mode, IEnumerable<SeamTile> tiles, double dedupeIou = MaskNms.DefaultIou) => mode switch
    {
        MergeMode.Dissolve => new DissolvingMerger(tiles),
        _ => new InstanceMerger(tiles, dedupeIou),
    };
}
