using Akka.Actor;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Pipeline;

namespace Sam3.Raster.Actors.Tests.Entities;

/// <summary>Where a job sends tiles while a gpu node is unreachable, and which log lines of a lost peer are dropped.</summary>
public sealed class TileWorkerHomesSpecs
{
    private static readonly Address Gpu1 = new("akka.tcp", "sam3r", "gpu1", 4053);
    private static readonly Address Gpu2 = new("akka.tcp", "sam3r", "gpu2", 4053);

    private static readonly TileWorkerHomes Homes = TileWorkerHomes.Empty
        .Learned("5", Gpu1)
        .Learned("6", Gpu1)
        .Learned("7", Gpu2)
        .Learned("63", Gpu2);

    [Fact]
    public void While_every_node_is_reachable_a_tile_goes_to_its_own_worker() =>
        Assert.Equal("5", Homes.Choose("5"));

    [Fact]
    public void A_tile_of_a_worker_on_an_unreachable_node_goes_to_the_next_worker_known_on_a_reachable_one()
    {
        var lost = Homes.Unreached(Gpu1);
        Assert.Equal("7", lost.Choose("5"));
        Assert.Equal("7", lost.Choose("6"));
        Assert.Equal("63", lost.Choose("8"));
        Assert.Equal("7", lost.Choose("0"));
    }

    [Fact]
    public void Workers_on_the_unreachable_node_and_of_unknown_home_may_be_lost_the_others_not()
    {
        var lost = Homes.Unreached(Gpu1);
        Assert.True(lost.MayBeLost("5"));
        Assert.True(lost.MayBeLost("40"));
        Assert.False(lost.MayBeLost("7"));
        Assert.False(Homes.MayBeLost("5"));
    }

    [Fact]
    public void A_node_reachable_again_gets_its_tiles_again_and_a_removed_nodes_workers_are_homeless()
    {
        Assert.Equal("5", Homes.Unreached(Gpu1).Reached(Gpu1).Choose("5"));
        var removed = Homes.Unreached(Gpu1).Removed(Gpu1);
        Assert.Equal("5", removed.Choose("5"));
        Assert.True(removed.Unreached(Gpu2).MayBeLost("5"));
    }

    [Fact]
    public void With_no_worker_known_on_a_reachable_node_a_tile_keeps_its_worker() =>
        Assert.Equal("5", Homes.Unreached(Gpu1).Unreached(Gpu2).Choose("5"));

    [Fact]
    public void A_result_names_its_worker_by_the_shard_it_comes_from()
    {
        var path = ActorPath.Parse("akka.tcp://sam3r@gpu1:4053/system/sharding/tile-worker/12/12/$a");
        Assert.Equal("12", TileWorkerMessageExtractor.WorkerOf(path));
        Assert.Null(TileWorkerMessageExtractor.WorkerOf(ActorPath.Parse("akka.tcp://sam3r@gpu1:4053/user/tiles")));
    }

    [Theory]
    [InlineData("Association with remote system akka.tcp://sam3r@gpu1:4053 has failed; address is now gated for 1000 ms. Reason is: [Akka.Remote.EndpointDisassociatedException: Disassociated    at Akka.Remote.EndpointWriter.PublishAndThrow", true)]
    [InlineData("Tried to associate with unreachable remote address [akka.tcp://sam3r@gpu1:4053]. Address is now gated for 1000 ms", true)]
    [InlineData("AssociationError [akka.tcp://sam3r@control:4053] -> akka.tcp://sam3r@gpu1:4053: Error [Connection refused tcp://sam3r@gpu1:4053] []", true)]
    [InlineData("tile-worker: Trying to register to coordinator at [/system/sharding/tile-workerCoordinator/singleton/coordinator], but no acknowledgement. Total [3] buffered messages.", true)]
    [InlineData("AssociationError [akka.tcp://sam3r@gpu1:4053] -> akka.tcp://sam3r@control:4053: Error [Association failed with akka.tcp://sam3r@control:4053] []", true)]
    [InlineData("AssociationError [akka.tcp://sam3r@gpu1:4053] <- akka.tcp://sam3r@gpu2:4053: Error [The remote system has quarantined this system. No further associations to the remote system are possible until this system is restarted.] [   at Akka.Remote.EndpointReader.HandleDisassociated(DisassociateInfo info)]", true)]
    [InlineData("No response from remote for outbound association. Associate timed out after [15000 ms].", true)]
    [InlineData("tile-worker: No coordinator found to register. Has Cluster Sharding been started on every node and nodes been configured with the correct role(s)?", true)]
    [InlineData("Cluster Node [akka.tcp://sam3r@control:4053] - Marking node(s) as UNREACHABLE [Member(address = akka.tcp://sam3r@gpu1:4053", false)]
    [InlineData("SBR took decision Akka.Cluster.SBR.DownUnreachable and is downing [akka.tcp://sam3r@gpu1:4053]", false)]
    [InlineData("AssociationError [akka.ssl.tcp://sam3r@control:4053] -> akka.ssl.tcp://sam3r@gpu1:4053: Error [The remote certificate is invalid] []", false)]
    public void Expected_disconnect_lines_are_dropped_and_cluster_events_and_TLS_errors_kept(string line, bool dropped) =>
        Assert.Equal(dropped, ExpectedDisconnects.IsDropped(line, null));
}
