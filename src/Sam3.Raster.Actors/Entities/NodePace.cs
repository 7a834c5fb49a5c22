using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Entities;

/// <summary>
/// How fast each gpu node completes a job's tiles, as the job's entity hears of them: tiles per
/// second between the first and the last tile heard from the node in this run of the entity. Kept in
/// memory only: the counts themselves are recorded (<see cref="JobState.TilesByNode"/>), a pace is
/// only worth something while the job runs.
/// </summary>
public sealed class NodePace
{
    private readonly Dictionary<string, (DateTime First, DateTime Last, int Tiles)> heard = new(StringComparer.Ordinal);

    public void Record(string node, DateTime now) =>
        heard[node] = heard.TryGetValue(node, out var h) ? (h.First, now, h.Tiles + 1) : (now, now, 1);

    /// <summary>Each node's recorded tiles with its pace (0 until two tiles were heard from it).</summary>
    public IReadOnlyList<NodeTiles> Describe(IReadOnlyDictionary<string, int> tilesByNode) =>
        [.. tilesByNode.Select(n => new NodeTiles(n.Key, n.Value, Rate(n.Key)))];

    private double Rate(string node) =>
        heard.TryGetValue(node, out var h) && h.Tiles > 1 && h.Last > h.First ? (h.Tiles - 1) / (h.Last - h.First).TotalSeconds : 0;
}
