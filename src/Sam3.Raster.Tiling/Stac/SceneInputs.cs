using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Stac;

/// <summary>
/// Turns the inputs a user gives (<c>--input</c>, <c>--inputs</c>: paths, GDAL URIs, URLs, STAC
/// documents) into the scenes of a job: the one place <c>run</c>, <c>submit</c> and any other front
/// end resolve them. A STAC Item is one scene (its <c>--asset</c>), an ItemCollection one scene per
/// item, named by the item's id; an http(s) or s3 URL of a raster becomes its <c>/vsicurl/</c> or
/// <c>/vsis3/</c> path; anything else passes through unchanged for the caller's own checks.
/// </summary>
public static class SceneInputs
{
    public const string DefaultAsset = "visual";

    private const string Curl = "/vsicurl/";

    /// <summary>STAC documents are small; an ItemCollection of thousands of items stays well under this.</summary>
    private const int MaxDocumentBytes = 64 * 1024 * 1024;

    public static IReadOnlyList<SceneInput> Resolve(IEnumerable<string> inputs, string asset = DefaultAsset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(asset);
        return [.. inputs.SelectMany(input => Resolve(input, asset))];
    }

    /// <summary>The scene names a job spec records: null when no input named its scenes (the paths name them).</summary>
    public static IReadOnlyList<string>? Names(IReadOnlyList<SceneInput> scenes) =>
        scenes.Any(s => s.Name is not null) ? [.. scenes.Select(s => s.Name ?? s.Path)] : null;

    private static IEnumerable<SceneInput> Resolve(string input, string asset)
    {
        string gdalPath = StacHref.TryGdalPathOfUrl(input) ?? input;
        if (!IsJson(gdalPath))
        {
            return [new SceneInput(gdalPath)];
        }

        var location = StacHref.LocationOf(input.StartsWith(Curl, StringComparison.Ordinal) ? input[Curl.Length..] : input);
        var items = StacDocument.Parse(GdalVsiFile.ReadAll(gdalPath, MaxDocumentBytes), location);
        return items.Select(item => new SceneInput(item.AssetPath(asset), item.Id));
    }

    /// <summary>
    /// Whether the input is a JSON document, from its first bytes (a raster never starts with '{').
    /// An input that cannot be read here passes on as a raster: opening it reports the problem, and
    /// a cluster's nodes may read what the submitting client cannot.
    /// </summary>
    private static bool IsJson(string gdalPath)
    {
        if (!gdalPath.StartsWith("/vsi", StringComparison.Ordinal) && !File.Exists(gdalPath))
        {
            return false;
        }

        var head = GdalVsiFile.TryReadPrefix(gdalPath, 256);
        if (head is null)
        {
            return false;
        }

        var text = head.AsSpan();
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }

        text = text.TrimStart(" \t\r\n"u8);
        return text.Length > 0 && text[0] == (byte)'{';
    }
}
