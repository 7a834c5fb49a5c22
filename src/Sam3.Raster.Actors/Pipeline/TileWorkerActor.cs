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
/// worker's new incarnation on another node. Each job (each producer) delivers one tile at a time
/// to a worker, but several jobs' deliveries are open at once (a running job's, and a tile another
/// job had in flight on the worker's last home), each with its own confirmation: a confirmation
/// sent to the wrong one would leave a job's channel to this worker waiting for ever.
/// </summary>
public sealed class TileWorkerActor : ReceiveActor
{
    private readonly IActorRef consumerController;
    private readonly IActorRef tiles;
    private readonly IActorRef jobs;
    private readonly Dictionary<(Jobs.JobId Job, int Scene, int Tile), List<IActorRef>> open = [];

    public TileWorkerActor(IActorRef consumerController, IActorRef tiles, IActorRef jobs)
    {
        this.consumerController = consumerController;
        this.tiles = tiles;
        this.jobs = jobs;
        Receive<ConsumerController.Delivery<ProcessTile>>(delivery =>
        {
            var work = delivery.Message;
            var key = (work.JobId, work.Scene, work.Tile.Id);
            if (!open.TryGetValue(key, out var confirmTo))
            {
                open[key] = confirmTo = [];
            }

            confirmTo.Add(delivery.ConfirmTo);
            tiles.Tell(new AssignedTile(work, Self));
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

    /// <summary>The deliveries of a tile are done once it is settled (recorded with the job, or dropped as cancelled).</summary>
    private void Confirm(Jobs.JobId job, int scene, int tile)
    {
        if (open.Remove((job, scene, tile), out var confirmTo))
        {
            foreach (var controller in confirmTo)
            {
                controller.Tell(ConsumerController.Confirmed.Instance);
            }
        }
    }
}
