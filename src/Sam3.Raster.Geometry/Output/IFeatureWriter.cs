namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// Writes one output file atomically: nothing is visible at the path until <see cref="Commit"/>,
/// which replaces any previous file in one rename (a retried work unit overwrites, never duplicates).
/// Disposing without committing leaves no file behind.
/// </summary>
public interface IFeatureWriter : IDisposable
{
    string Path { get; }

    long Count { get; }

    void Write(OutputFeature feature);

    void Commit();
}
