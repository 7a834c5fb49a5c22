namespace Sam3.Raster.Tiling.Stac;

/// <summary>
/// Where a STAC href points, as a path GDAL opens: relative hrefs resolve against the item's
/// location; http(s) is read through <c>/vsicurl/</c>, <c>s3://</c> through <c>/vsis3/</c>,
/// <c>gs://</c> through <c>/vsigs/</c>, <c>file:</c> URIs and local paths as they are.
/// </summary>
public static class StacHref
{
    private static readonly (string Scheme, string Vsi)[] ObjectStores = [("s3", "/vsis3/"), ("gs", "/vsigs/")];

    public static string ToGdalPath(string href, Uri location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(href);
        if (href.StartsWith("/vsi", StringComparison.Ordinal))
        {
            return href;
        }

        // Absolute hrefs are mapped from their text, never re-escaped: an object key is taken as written.
        if (TryGdalPathOfUrl(href) is { } absolute)
        {
            return absolute;
        }

        if (Path.IsPathRooted(href))
        {
            return location.IsFile ? href : throw new ArgumentException($"asset href '{href}' is a local path in a remote STAC item ({location})");
        }

        var resolved = new Uri(location, href);
        return TryGdalPathOfUrl(resolved.AbsoluteUri)
            ?? throw new NotSupportedException($"asset href '{href}' resolves to {resolved}, which GDAL cannot read (use http(s), s3, gs or a local path)");
    }

    /// <summary>The GDAL path of an absolute URL (http, https, s3, gs, file), or null when <paramref name="url"/> is not one.</summary>
    public static string? TryGdalPathOfUrl(string url)
    {
        if (!HasScheme(url))
        {
            return null;
        }

        int colon = url.IndexOf("://", StringComparison.Ordinal);
        string scheme = url[..colon].ToLowerInvariant();
        string rest = url[(colon + 3)..];
        return scheme switch
        {
            "http" or "https" => "/vsicurl/" + url,
            "file" => new Uri(url).LocalPath,
            _ when ObjectStores.FirstOrDefault(s => s.Scheme == scheme) is { Vsi: { } vsi } => vsi + rest,
            _ => throw new NotSupportedException($"'{url}': GDAL cannot read {scheme}:// URLs here (use http(s), s3, gs or a local path)"),
        };
    }

    /// <summary>
    /// The location of a document given as an input: its URL, or the file URI of a path (a local
    /// one, or a /vsi… one, against which a relative href lands beside it in the same file system).
    /// </summary>
    public static Uri LocationOf(string input) => HasScheme(input) ? new Uri(input) : new Uri(Path.GetFullPath(input));

    private static bool HasScheme(string text)
    {
        int colon = text.IndexOf("://", StringComparison.Ordinal);
        return colon > 0 && Uri.CheckSchemeName(text[..colon]);
    }
}
