namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// Where a mask raster output puts each scene's raster. One scene: the output path itself. Several:
/// <c>&lt;stem&gt;-&lt;scene name&gt;&lt;ext&gt;</c> beside it (<c>out.tif</c> → <c>out-scene_a.tif</c>), the scene
/// name being the scene file's name without extension (URI queries dropped, characters other than
/// letters, digits, '-', '_' and '.' replaced by '_'); scenes whose names coincide (case aside) get
/// their 1-based position in the job appended (<c>out-scene-2.tif</c>).
/// </summary>
public static class MaskRasterPaths
{
    public static IReadOnlyList<string> For(string path, IReadOnlyList<string> scenes)
    {
        if (scenes.Count == 1)
        {
            return [path];
        }

        string dir = System.IO.Path.GetDirectoryName(path) ?? "";
        string stem = System.IO.Path.GetFileNameWithoutExtension(path), ext = System.IO.Path.GetExtension(path);
        var names = scenes.Select(SceneName).ToList();
        var repeated = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. names.Select((name, i) => System.IO.Path.Combine(dir, $"{stem}-{name}{(repeated.Contains(name) ? $"-{i + 1}" : "")}{ext}"))];
    }

    /// <summary>The scene file's name without extension, safe in a file name.</summary>
    public static string SceneName(string scene)
    {
        string withoutQuery = scene.Split('?', 2)[0].TrimEnd('/', '\\');
        string name = System.IO.Path.GetFileNameWithoutExtension(withoutQuery.Replace('\\', '/').Split('/')[^1]);
        name = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        return name.Length == 0 ? "scene" : name;
    }
}
