using System.Text;
using System.Text.Json;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Cli.Run;

/// <summary>What <c>sam3r run</c> prints at the end: as text, or as JSON with --json.</summary>
internal sealed record RunSummary(
    string Job,
    string Status,
    int Tiles,
    int SkippedEmptyTiles,
    int TilesRunNow,
    int TilesDoneBefore,
    IReadOnlyList<PromptFeatures> FeaturesPerPrompt,
    long Features,
    double Seconds,
    IReadOnlyList<string> Outputs,
    string State,
    string? Error,
    double ModelBusySeconds,
    int TilesOutsideAoi)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="modelBusy">From the start of the first model run to the end of the last (<see cref="Sam3.Raster.Actors.Diagnostics.ModelBusySpan"/>), in the JSON only.</param>
    public static RunSummary From(JobProgress progress, int tilesRunNow, int tilesDoneBefore, TimeSpan elapsed, IReadOnlyList<string> outputs, string state, double modelBusy) => new(
        progress.JobId.Value,
        progress.Status.ToString().ToLowerInvariant(),
        progress.TilesTotal,
        progress.TilesEmpty,
        tilesRunNow,
        tilesDoneBefore,
        progress.Result?.FeaturesPerPrompt ?? [],
        progress.Result?.TotalFeatures ?? 0,
        Math.Round(elapsed.TotalSeconds, 3),
        outputs,
        state,
        progress.FailureReason,
        Math.Round(modelBusy, 3),
        progress.TilesOutsideAoi);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"job {Job}: {Status} in {Seconds:0.0} s");
        string resumed = TilesDoneBefore > 0 ? $", {TilesDoneBefore} done before (resumed)" : string.Empty;
        string outside = TilesOutsideAoi > 0 ? $"{TilesOutsideAoi} outside the AOI, " : string.Empty;
        sb.AppendLine($"  tiles      {Tiles} ({SkippedEmptyTiles} empty, {outside}skipped; {TilesRunNow} run now{resumed})");
        foreach (var p in FeaturesPerPrompt)
        {
            sb.AppendLine($"  features   {p.Features,8}  \"{p.Prompt}\"");
        }

        sb.AppendLine($"  total      {Features,8}");
        foreach (var o in Outputs)
        {
            sb.AppendLine($"  output     {o}");
        }

        sb.AppendLine($"  state      {State}");
        if (Error is not null)
        {
            sb.AppendLine($"  error      {Error}");
        }

        return sb.ToString();
    }
}
