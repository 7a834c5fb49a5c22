namespace Sam3.Raster.Tiling.VectorFiles;

/// <summary>
/// Every feature geometry of a vector file, as 2-D little-endian WKB, and the CRS they are in
/// (WKT2; null when the file names none).
/// </summary>
public sealed record VectorGeometries(IReadOnlyList<byte[]> Wkb, string? CrsWkt);
