namespace Sam3.Raster.Cli.Run;

/// <summary>
/// <c>--inputs FILE</c>: one scene a line (a path, a GDAL /vsi… path or a URL), blank lines and
/// lines starting with <c>#</c> skipped. Relative paths are taken as the command line's are (from
/// the working folder), so a list behaves like the same paths given with --input.
/// </summary>
internal static class SceneListFile
{
    public static IReadOnlyList<string> Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"--inputs {path}: is a folder, not a list of scenes");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--inputs {path}: no such file");
        }

        var scenes = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return scenes.Count > 0 ? scenes : throw new ArgumentException($"--inputs {path}: lists no scenes");
    }
}
