using Sam3.Raster.Actors.Nodes;
using Sam3.Raster.Actors.Pipeline;
using static Sam3.Raster.Actors.Nodes.NodeProtocol;

namespace Sam3.Raster.Actors.Tests.Nodes;

public sealed class NodeStatsActorTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    protected override void ConfigureAkka(Akka.Hosting.AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        // a plain local actor system is all the stats actor needs
    }

    [Fact]
    public async Task A_node_reports_its_roles_devices_tiles_and_a_rate_that_falls_to_zero_when_work_stops()
    {
        var counter = new TileCounter();
        var stats = Sys.ActorOf(NodeStatsActor.Props(["gpu"], () => ["cpu"], counter));

        var idle = await stats.Ask<NodeStats>(GetNodeStats.Instance, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal((["gpu"], ["cpu"], 0L, 0.0), (idle.Roles, idle.Devices, idle.Tiles, idle.TilesPerSecond));

        await AwaitAssertAsync(
            async () =>
            {
                counter.Increment();
                var busy = await stats.Ask<NodeStats>(GetNodeStats.Instance, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
                Assert.True(busy.TilesPerSecond > 0, $"{busy.Tiles} tiles, {busy.TilesPerSecond} tiles/s");
            },
            TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(200),
            cancellationToken: TestContext.Current.CancellationToken);

        await AwaitAssertAsync(
            async () =>
            {
                var after = await stats.Ask<NodeStats>(GetNodeStats.Instance, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
                Assert.Equal(counter.Count, after.Tiles);
                Assert.Equal(0.0, after.TilesPerSecond);
            },
            NodeStatsActor.RateWindow + TimeSpan.FromSeconds(5),
            TimeSpan.FromMilliseconds(500),
            cancellationToken: TestContext.Current.CancellationToken);
    }
}
