namespace Sam3.Raster.Geometry.Output.PostGis;

/// <summary>
/// The checks a PostGIS output gets before any tile runs: the URI parses, the server answers, the
/// database has PostGIS (created when the user may). Each failure is one line naming host and port.
/// </summary>
public static class PostGisPreflight
{
    /// <summary>Checks <paramref name="output"/> and returns it as given; <paramref name="earlier"/> are the outputs already accepted.</summary>
    public static string Check(string output, IReadOnlyCollection<string> earlier)
    {
        var target = PostGisTarget.Parse(output);
        if (earlier.Where(PostGisTarget.IsTarget).Select(PostGisTarget.Parse).Any(t => t.Description == target.Description))
        {
            throw new ArgumentException($"output given twice: {target.Description}");
        }

        using var connection = PostGisConnection.Open(target);
        PostGisConnection.EnsurePostGis(connection, target);
        return target.Uri;
    }
}
