namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// A temporary file next to the destination (same folder, so the final rename is atomic on one file
/// system), moved over the destination on commit and deleted otherwise.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private bool committed;

    public AtomicFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        string dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        TempPath = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
    }

    public string Path { get; }

    public string TempPath { get; }

    public void Commit()
    {
        File.Move(TempPath, Path, overwrite: true);
        committed = true;
    }

    public void Dispose()
    {
        if (!committed && File.Exists(TempPath))
        {
            File.Delete(TempPath);
        }
    }

    /// <summary>
    /// As <see cref="AtomicFile(string)"/>, with the temporary file's name ending in <paramref name="extension"/>
    /// (e.g. ".fgb"), for GDAL drivers that choose what to create from the name.
    /// </summary>
    public AtomicFile(string path, string extension) : this(path) => TempPath += extension;
}
