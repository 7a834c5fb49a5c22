namespace Sam3.Raster.Tiling.VectorWriting;

/// <summary>
/// What <see cref="OgrVectorWriter"/> creates: a GDAL vector driver's short name (GPKG, FlatGeobuf),
/// one layer of multipolygons with its fields, and the driver's layer creation options. Config
/// options are set on the writing thread only while GDAL creates and closes the file (e.g. the
/// GeoPackage driver's OGR_CURRENT_DATE), so they never leak into other GDAL work of the process.
/// </summary>
public sealed record OgrLayerSpec(string Driver, string LayerName, IReadOnlyList<OgrField> Fields)
{
    public IReadOnlyList<string> LayerOptions { get; init; } = [];

    public IReadOnlyDictionary<string, string> ConfigOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>Writes every feature inside one transaction (GeoPackage: one SQLite commit instead of one per feature).</summary>
    public bool InOneTransaction { get; init; }

    /// <summary>Sets each feature's FID to the one given to <see cref="OgrVectorWriter.Add"/> (GeoPackage's primary key).</summary>
    public bool WritesFids { get; init; }
}
