namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// Joins one scene's per-tile features into whole objects, streaming: tiles are added in any
/// order (each once; a repeat adds nothing), and features come out as soon as no tile still to come
/// could change them. Not thread-safe: one merger per scene, fed by one actor.
/// </summary>
public interface IFeatureMerger
{
    /// <summary>Pieces held, waiting for neighbouring tiles.</summary>
    int OpenPieces { get; }

    /// <summary>Adds one tile's features (scene pixel coordinates); returns the features that are final now.</summary>
    IReadOnlyList<SeamFeature> Add(int tileId, IEnumerable<SeamFeature> features);

    /// <summary>Emits everything still open (all tiles added, or the job gives up on the missing ones).</summary>
    IReadOnlyList<SeamFeature> Finish();
}
