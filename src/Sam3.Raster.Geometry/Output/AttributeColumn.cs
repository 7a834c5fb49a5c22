namespace Sam3.Raster.Geometry.Output;

public enum AttributeType
{
    String,
    Double,
    Int32,
    Int64,
}

/// <summary>One attribute of every feature of an output (GeoParquet column, GeoJSON property).</summary>
public sealed record AttributeColumn(string Name, AttributeType Type);
