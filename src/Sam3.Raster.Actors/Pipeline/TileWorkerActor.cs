using Akka.Actor;
using Akka.Delivery;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// A sharded tile worker on a gpu node (entity type <c>tile-worker</c>, a fixed set of ids), the
/// consumer end of the job's Akka.Delivery channel (<c>ShardingConsumerController</c>). It hands
/// each delivered tile to this node's pipeline, forwards the result to the job, and only then
/// confirms the delivery: a tile whose worker node dies unconfirmed is delivered again to the
/// worker's new incarnation on another node. One tile at a time per worker; the job's credit
/// window spreads tiles over many workers.
/// </summary>
public sealed class TileWorkerActor : ReceiveActor
{
    private readonly IActorRef consumerController;
    private readonly IActorRef tiles;
    private readonly IActorRef jobs;
    private IActorRef? confirmTo;
    private ProcessTile? current;

    public TileWorkerActor(IActorRef consumerController, IActorRef tiles, IActorRef jobs)
    {
        this.consumerController = consumerController;
        this.tiles = tiles;
        this.jobs = jobs;
        Receive<ConsumerController.Delivery<ProcessTile>>(delivery =>
        {
            confirmTo = delivery.ConfirmTo;
            current = delivery.Message;
            tiles.Tell(new AssignedTile(delivery.Message, Self));
        });
        // The job learns which node ran the tile: this worker's.
        string node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Receive<RecordTileCompleted>(done => Settle(done with { Node = node }, done.JobId, done.Scene, done.Tile));
        Receive<RecordTileFailed>(failed => Settle(failed, failed.JobId, failed.Scene, failed.Tile));
        Receive<TileDropped>(d => Confirm(d.Work.JobId, d.Work.Scene, d.Work.Tile.Id));
    }

    public static Props Props(IActorRef consumerController, IActorRef tiles, IActorRef jobs) =>
        Akka.Actor.Props.Create(() => new TileWorkerActor(consumerController, tiles, jobs));

    protected override void PreStart() => consumerController.Tell(new ConsumerController.Start<ProcessTile>(Self));

    private void Settle(IJobCommand result, Jobs.JobId job, int scene, int tile)
    {
        jobs.Tell(result);
        Confirm(job, scene, tile);
    }

    /// <summary>The delivery is done once its tile is settled (recorded with the job, or dropped as cancelled).</summary>
    private void Confirm(Jobs.JobId job, int scene, int tile)
    {
        if (current is { } work && work.JobId == job && work.Scene == scene && work.Tile.Id == tile)
        {
            current = null;
            confirmTo?.Tell(ConsumerController.Confirmed.Instance);
            confirmTo = null;
        }
    }
}
