using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Api;

/// <summary>
/// A job as <c>GET /jobs</c> and <c>GET /jobs/{id}</c> show it (camelCase JSON). The shape is the
/// API's contract: fields are added, never renamed or removed. <c>features</c> counts the merged
/// features once the job is complete, the raw per-tile ones before; empty tiles count as done.
/// </summary>
public sealed record JobView(
    string Id,
    string Status,
    int Scenes,
    int ScenesPlanned,
    int Tiles,
    int TilesDone,
    int TilesEmpty,
    int TileFailures,
    long Features,
    string? Error,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Prompts,
    IReadOnlyList<string> Outputs,
    string? Model,
    IReadOnlyList<NodeTilesView> Nodes)
{
    public static JobView From(JobProgress p) => new(
        p.JobId.Value,
        StatusName(p.Status),
        p.SceneCount,
        p.ScenesPlanned,
        p.TilesTotal,
        p.TilesDone,
        p.TilesEmpty,
        p.TileFailures,
        p.Result?.TotalFeatures ?? p.RawFeatures,
        p.FailureReason,
        p.Spec?.Scenes ?? [],
        p.Spec?.Prompts ?? [],
        p.Result?.Outputs ?? p.Spec?.Outputs ?? [],
        p.Spec?.ModelPath,
        [.. (p.Nodes ?? []).Select(n => new NodeTilesView(n.Node, n.Tiles, Math.Round(n.TilesPerSecond, 3)))]);

    /// <summary>planning, running, writing, completed, failed, cancelled (new: nothing recorded).</summary>
    public static string StatusName(JobStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>The tiles of a job one gpu node ran (its cluster address) and its pace.</summary>
public sealed record NodeTilesView(string Node, int Tiles, double TilesPerSecond);
