using NetTopologySuite.Operation.Union;

namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// <see cref="MergeMode.Dissolve"/>: one polygon per connected same-prompt area. Within a tile, the
/// masks of a prompt's queries are unioned and split into connected parts (SAM3 gives touching
/// objects separate, overlapping masks; an area prompt wants them as one); the parts then go
/// through the <see cref="SeamMerger"/>, which joins what overlaps across seams. A prompt answered
/// by one query per tile (the colour model) passes through unchanged.
/// </summary>
public sealed class DissolvingMerger(IEnumerable<SeamTile> tiles) : IFeatureMerger
{
    private readonly SeamMerger seams = new(tiles);

    public int OpenPieces => seams.OpenPieces;

    public IReadOnlyList<SeamFeature> Add(int tileId, IEnumerable<SeamFeature> features) =>
        seams.Add(tileId, features.GroupBy(f => f.Prompt).SelectMany(Dissolve));

    public IReadOnlyList<SeamFeature> Finish() => seams.Finish();

    private static IEnumerable<SeamFeature> Dissolve(IGrouping<string, SeamFeature> prompt)
    {
        var all = prompt.ToList();
        if (all.Select(f => f.Query).Distinct().Count() < 2)
        {
            return all;
        }

        var union = UnaryUnionOp.Union(all.Select(f => f.Geometry).ToList());
        return Enumerable.Range(0, union.NumGeometries).Select(i =>
        {
            var part = union.GetGeometryN(i);
            var inside = all.Where(f => f.Geometry.EnvelopeInternal.Intersects(part.EnvelopeInternal) && f.Geometry.Intersects(part)).ToList();
            var largest = inside.MaxBy(f => f.Geometry.Area)!;
            return new SeamFeature(part, prompt.Key, inside.Max(f => f.Score), largest.Tile, largest.Query);
        });
    }
}
