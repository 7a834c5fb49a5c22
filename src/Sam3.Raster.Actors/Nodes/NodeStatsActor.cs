using Akka.Actor;
using Sam3.Raster.Actors.Pipeline;
using static Sam3.Raster.Actors.Nodes.NodeProtocol;

namespace Sam3.Raster.Actors.Nodes;

/// <summary>
/// Answers <see cref="GetNodeStats"/> for its node: samples the node's tile counter once a
/// <see cref="SampleEvery"/> and gives the rate over the last <see cref="RateWindow"/>, so a node
/// that stopped working drops to zero within that window.
/// </summary>
public sealed class NodeStatsActor : ReceiveActor, IWithTimers
{
    public const string Name = "sam3r-node-stats";

    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private readonly Queue<(DateTime At, long Tiles)> samples = new();

    public NodeStatsActor(IReadOnlyList<string> roles, Func<IReadOnlyList<string>> devices, TileCounter? tiles)
    {
        Receive<Sample>(_ => Take(tiles));
        Receive<GetNodeStats>(_ =>
        {
            Take(tiles);
            var (first, last) = (samples.Peek(), samples.Last());
            double seconds = (last.At - first.At).TotalSeconds;
            double rate = seconds > 0 ? (last.Tiles - first.Tiles) / seconds : 0;
            string address = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();
            Sender.Tell(new NodeStats(address, roles, devices(), last.Tiles, rate));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="tiles">The node's tile counter; null on nodes that process no tiles.</param>
    public static Props Props(IReadOnlyList<string> roles, Func<IReadOnlyList<string>> devices, TileCounter? tiles) =>
        Akka.Actor.Props.Create(() => new NodeStatsActor(roles, devices, tiles));

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Sample), Sample.Instance, SampleEvery);

    private void Take(TileCounter? tiles)
    {
        var now = DateTime.UtcNow;
        samples.Enqueue((now, tiles?.Count ?? 0));
        while (samples.Count > 2 && samples.Peek().At < now - RateWindow)
        {
            samples.Dequeue();
        }
    }

    private sealed class Sample
    {
        public static readonly Sample Instance = new();
    }
}
