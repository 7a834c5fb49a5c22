namespace Sam3.Raster.TestSupport;

/// <summary>Where the repository and its test data (<c>tests/data</c>, provenance in its README) are.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string TestData => Path.Combine(RepositoryRoot, "tests", "data");

    public static string Landsat => Path.Combine(TestData, "L7_ETMs.tif");

    /// <summary>The product's own copy of CLIP's merges (embedded in Sam3.Inference).</summary>
    public static string ClipVocabulary => Path.Combine(RepositoryRoot, "src", "Sam3.Inference", "Tokenizer", "bpe_simple_vocab_16e6.txt.gz");

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
