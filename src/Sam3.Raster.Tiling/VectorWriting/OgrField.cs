namespace Sam3.Raster.Tiling.VectorWriting;

/// <summary>OGRFieldType values this library writes (GDAL numbering).</summary>
public enum OgrFieldType
{
    Integer = 0,
    Real = 2,
    String = 4,
    Integer64 = 12,
}

/// <summary>One attribute field of a vector layer.</summary>
public sealed record OgrField(string Name, OgrFieldType Type);
