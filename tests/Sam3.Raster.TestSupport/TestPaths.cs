namespace Sam3.Raster.TestSupport;

/// <summary>Where the repository and the reference data handed to the project (<c>../shared/data</c>) are.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    public static string Landsat => Path.Combine(SharedData, "L7_ETMs.tif");

    public static string ClipVocabulary => Path.Combine(SharedData, "bpe_simple_vocab_16e6.txt.gz");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sam3.Raster.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Sam3.Raster.slnx) above " + AppContext.BaseDirectory);
    }
}
