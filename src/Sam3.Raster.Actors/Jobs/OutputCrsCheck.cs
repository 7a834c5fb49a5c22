using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Tiling;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>
/// <see cref="OutputCrsRule"/> applied to a job's scenes as files: each scene's header is opened
/// for its CRS. Run before any tile (by <c>sam3r run</c>'s preflight and the gateway), so a job
/// whose features cannot be written is refused at once, naming the scene or the CRSs.
/// </summary>
public static class OutputCrsCheck
{
    /// <summary>The warnings to show (scenes in pixel coordinates); throws the refusal as an <see cref="ArgumentException"/>.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> scenes, IReadOnlyList<string> outputs, string? outputCrs)
    {
        var crss = scenes.Select(s => (s, CrsOf(s))).ToList();
        if (OutputCrsRule.Problem(outputs, crss, outputCrs is not null) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        return OutputCrsRule.Warnings(outputs, crss);
    }

    public static IReadOnlyList<string> Check(JobSpec spec) => Check(spec.Scenes, spec.Outputs, spec.OutputCrs);

    private static SceneCrs CrsOf(string scene)
    {
        using var dataset = RasterDataset.Open(scene, allowUngeoreferenced: true);
        return SceneCrs.Of(dataset);
    }
}
