using Sam3.Raster.Geometry.Output.PostGis;

namespace Sam3.Raster.Cli.Run;

/// <summary>
/// Where a run keeps its state: the SQLite journal (next to the first output unless --state) and,
/// beside it, the work folder with one durable result file per finished tile.
/// </summary>
internal sealed record JobFiles(string StatePath, string WorkRoot)
{
    /// <remarks>A PostGIS table as the first output keeps the state in the current folder, named after the table.</remarks>
    public static JobFiles For(string firstOutput, string? statePath)
    {
        string beside = PostGisTarget.IsTarget(firstOutput) ? PostGisTarget.Parse(firstOutput).Table : firstOutput;
        string state = Path.GetFullPath(statePath ?? beside + ".sam3r-state.db");
        return new JobFiles(state, state + ".work");
    }

    public bool Exists => File.Exists(StatePath) || Directory.Exists(WorkRoot);

    /// <summary>A fresh run (no --resume) forgets any earlier state of the same outputs.</summary>
    public void Delete()
    {
        foreach (var f in new[] { StatePath, StatePath + "-wal", StatePath + "-shm", StatePath + "-journal" })
        {
            if (File.Exists(f))
            {
                File.Delete(f);
            }
        }

        if (Directory.Exists(WorkRoot))
        {
            Directory.Delete(WorkRoot, recursive: true);
        }
    }
}
