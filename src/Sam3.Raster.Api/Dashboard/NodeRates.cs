namespace Sam3.Raster.Api.Dashboard;

/// <summary>
/// Tiles per second of each node, from the tile counts the nodes report (<see cref="NodeView.TilesProcessed"/>)
/// sampled over time: the rate over the last <see cref="Window"/>, so a node that stopped drops to
/// zero within it. Shared by every dashboard stream of the node (thread-safe).
/// </summary>
public sealed class NodeRates
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, Queue<(DateTime At, long Tiles)>> samples = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Records a node's count at <paramref name="now"/> and returns its rate over the window (0 until two samples).</summary>
    public double Sample(string node, long tiles, DateTime now)
    {
        lock (gate)
        {
            if (!samples.TryGetValue(node, out var queue))
            {
                samples[node] = queue = new Queue<(DateTime, long)>();
            }

            if (queue.Count > 0 && tiles < queue.Last().Tiles)
            {
                queue.Clear(); // the node restarted: its count began again
            }

            queue.Enqueue((now, tiles));
            while (queue.Count > 2 && queue.Peek().At < now - Window)
            {
                queue.Dequeue();
            }

            var (first, last) = (queue.Peek(), queue.Last());
            double seconds = (last.At - first.At).TotalSeconds;
            return seconds > 0 ? (last.Tiles - first.Tiles) / seconds : 0;
        }
    }
}

/// <summary>A node as the dashboard lists it: <see cref="NodeView"/> and its tiles/s (null when it did not report its tiles).</summary>
public sealed record DashboardNode(string Address, IReadOnlyList<string> Roles, string Status, string? Model, string? Device, long? Tiles, double? TilesPerSecond);
