using Akka.Actor;
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
    public void A_node_reports_its_roles_devices_tiles_and_a_rate_that_falls_to_zero_when_work_stops()
    {
        var counter = new TileCounter();
        var stats = Sys.ActorOf(NodeStatsActor.Props(["gpu"], () => ["cpu"], counter));

        stats.Tell(GetNodeStats.Instance, TestActor);
        var idle = ExpectMsg<NodeStats>();
        Assert.Equal(["gpu"], idle.Roles);
        Assert.Equal(["cpu"], idle.Devices);
        Assert.Equal((0L, 0.0), (idle.Tiles, idle.TilesPerSecond));

        AwaitAssert(
            () =>
            {
                counter.Increment();
                stats.Tell(GetNodeStats.Instance, TestActor);
                var busy = ExpectMsg<NodeStats>();
                Assert.True(busy.TilesPerSecond > 0, $"{busy.Tiles} tiles, {busy.TilesPerSecond} tiles/s");
            },
            TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(200));

        AwaitAssert(
            () =>
            {
                stats.Tell(GetNodeStats.Instance, TestActor);
                var after = ExpectMsg<NodeStats>();
                Assert.Equal(counter.Count, after.Tiles);
                Assert.Equal(0.0, after.TilesPerSecond);
            },
            NodeStatsActor.RateWindow + TimeSpan.FromSeconds(5),
            TimeSpan.FromMilliseconds(500));
    }
}
