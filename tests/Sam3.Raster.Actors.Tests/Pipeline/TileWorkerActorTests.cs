using Akka.Delivery;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Tiling.Geo;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Tests.Pipeline;

/// <summary>
/// A tile worker serves every job's delivery channel: each job delivers one tile at a time, but two
/// jobs' tiles can be open at once (a running job's, and one another job had in flight on the
/// worker's last home). Each delivery is confirmed to its own channel when its tile settles.
/// </summary>
public sealed class TileWorkerActorTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit.TestKit("akka.loglevel = WARNING\nakka.actor.provider = cluster\nakka.remote.dot-netty.tcp.hostname = 127.0.0.1\nakka.remote.dot-netty.tcp.port = 0", output)
{
    private static readonly TileRef Tile = new(3, 1, 1, new PixelWindow(880, 880, 1008, 1008), new PixelWindow(944, 944, 880, 880), false);

    [Fact]
    public void Two_jobs_tiles_open_at_once_are_each_confirmed_to_their_own_channel_in_the_order_they_settle()
    {
        var controller = CreateTestProbe();
        var tiles = CreateTestProbe();
        var jobs = CreateTestProbe();
        var worker = Sys.ActorOf(TileWorkerActor.Props(controller.Ref, tiles.Ref, jobs.Ref));
        controller.ExpectMsg<ConsumerController.Start<ProcessTile>>();

        var specA = TestJobs.Spec(scenes: 1);
        var specB = TestJobs.Spec(scenes: 2);
        var a = new ProcessTile(JobId.For(specA), specA, 0, Tile);
        var b = new ProcessTile(JobId.For(specB), specB, 0, Tile);
        var channelA = CreateTestProbe();
        var channelB = CreateTestProbe();
        worker.Tell(new ConsumerController.Delivery<ProcessTile>(a, channelA.Ref, "job-a", 1), channelA.Ref);
        worker.Tell(new ConsumerController.Delivery<ProcessTile>(b, channelB.Ref, "job-b", 1), channelB.Ref);
        Assert.Equal(a, tiles.ExpectMsg<AssignedTile>().Work);
        Assert.Equal(b, tiles.ExpectMsg<AssignedTile>().Work);

        // The later delivery settles first: its own channel hears it, the other does not.
        worker.Tell(new RecordTileCompleted(b.JobId, 0, Tile.Id, 2), tiles.Ref);
        channelB.ExpectMsg<ConsumerController.Confirmed>();
        Assert.Equal(b.JobId, jobs.ExpectMsg<RecordTileCompleted>().JobId);
        channelA.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        worker.Tell(new TileDropped(a), tiles.Ref);
        channelA.ExpectMsg<ConsumerController.Confirmed>();
        channelB.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
