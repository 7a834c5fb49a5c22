namespace Sam3.Raster.Geometry.Seams;

/// <summary>When two pieces from neighbouring tiles are the same object.</summary>
public enum SeamJoin
{
    /// <summary>Their interiors overlap: tiles with an overlap band, where both saw the same pixels.</summary>
    Overlap,

    /// <summary>They overlap or share an edge: abutting strips without overlap, 4-connected.</summary>
    SharedEdge,

    /// <summary>They overlap or meet at all, even at a corner: abutting strips, 8-connected.</summary>
    SharedCorner,
}
