using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// What a writer needs to know about the job beside its features: the attribute schema, the CRS the
/// features arrive in, and, for writers that need them, the scenes' grids (mask rasters), the prompts
/// in order (one band or layer each) and the job's id (a database target replaces that job's rows).
/// </summary>
public sealed record OutputContext(FeatureSchema Schema, SceneCrs Crs)
{
    /// <summary>The job's scenes in job order, with the grid their pixels lie on; empty when unknown.</summary>
    public IReadOnlyList<OutputScene> Scenes { get; init; } = [];

    /// <summary>The job's prompts in order; empty when the features carry no prompt.</summary>
    public IReadOnlyList<string> Prompts { get; init; } = [];

    /// <summary>The job's id, or null outside a job (<c>sam3r vectorize</c>).</summary>
    public string? JobId { get; init; }

    /// <summary>
    /// The CRS the vector outputs that carry one (GeoParquet, GeoPackage, FlatGeobuf) write in
    /// (<c>--out-crs</c>); null: the features' own. GeoJSON is WGS 84 either way; rasters stay on the scene grid.
    /// </summary>
    public SceneCrs? OutputCrs { get; init; }
}

/// <summary>One scene of a job: its path or URI as written in the features' <c>scene</c> attribute, and its pixel grid.</summary>
public sealed record OutputScene(string Path, int Width, int Height, GeoTransform Transform, SceneCrs Crs);
