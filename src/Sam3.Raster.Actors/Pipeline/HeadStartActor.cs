using Akka.Actor;
using Akka.Event;
using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.HeadStartProtocol;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Runs the first tiles of a job that <c>sam3r run</c> knows before its node is up. The job entity
/// can dispatch only once the job journal has answered its recovery and taken its first events:
/// about a second of one-off start-up work (linq2db compiling its queries, SQLite opening) while the
/// model idles. The first scene's plan is ready sooner, so its first tiles (as many as the job's
/// credit window, in the order the entity sends them) go through the pipeline at once, reporting
/// here. Each tile is stored as usual (its result file), so nothing is lost or done differently:
/// when the entity's own request for one of them reaches a reader, it is answered from here
/// (<see cref="HeadStartTiles"/>) instead of reading the tile again. A tile that fails here is
/// released to the normal path, and the entity's request reads it as if there had been no head start.
/// The window is the entity's own, so patches in flight stay within the configured bound.
/// </summary>
public sealed class HeadStartActor : ReceiveActor
{
    private readonly JobId job;
    private readonly JobSpec spec;
    private readonly Task<object> plan;
    private readonly IActorRef tiles;
    private readonly HeadStartTiles registry;
    private readonly int count;
    private readonly Dictionary<TileKey, ProcessTile> running = [];
    private readonly Dictionary<TileKey, RecordTileCompleted> done = [];
    private readonly Dictionary<TileKey, List<AwaitTile>> waiting = [];
    private readonly ILoggingAdapter log = Context.GetLogger();

    public HeadStartActor(JobId job, JobSpec spec, Task<object> plan, IActorRef tiles, HeadStartTiles registry, int count)
    {
        this.job = job;
        this.spec = spec;
        this.plan = plan;
        this.tiles = tiles;
        this.registry = registry;
        this.count = count;
        Receive<PlanReady>(ready =>
        {
            if (ready.Plan is SceneTiles scene)
            {
                Start(scene);
            }
        });
        Receive<RecordTileCompleted>(Completed);
        Receive<RecordTileFailed>(Failed);
        Receive<AwaitTile>(Await);
    }

    public static Props Props(JobId job, JobSpec spec, Task<object> plan, IActorRef tiles, HeadStartTiles registry, int count) =>
        Akka.Actor.Props.Create(() => new HeadStartActor(job, spec, plan, tiles, registry, count));

    protected override void PreStart() =>
        plan.ContinueWith(t => new PlanReady(t.IsCompletedSuccessfully ? t.Result : null), TaskScheduler.Default).PipeTo(Self);

    /// <summary>The first <see cref="count"/> tiles of the scene still to run, in id order (the entity's order).</summary>
    private void Start(SceneTiles scene)
    {
        foreach (var tile in scene.Tiles)
        {
            if (running.Count == count)
            {
                break;
            }

            // Empty tiles are never sent; stored ones are answered from their file by the reader.
            if (tile.IsEmpty || TileResultStore.TryCount(spec.WorkDirectory, scene.Scene, tile.Id) is not null)
            {
                continue;
            }

            var work = new ProcessTile(job, spec, scene.Scene, tile);
            running[work.Key] = work;
            registry.Cover(work, Self);
            tiles.Tell(new AssignedTile(work, Self));
        }
    }

    private void Completed(RecordTileCompleted completed)
    {
        var key = new TileKey(completed.Scene, completed.Tile);
        if (!running.Remove(key))
        {
            return;
        }

        done[key] = completed;
        foreach (var request in Waiting(key))
        {
            request.ReportTo.Tell(completed);
        }
    }

    private void Failed(RecordTileFailed failed)
    {
        var key = new TileKey(failed.Scene, failed.Tile);
        if (!running.Remove(key, out var work))
        {
            return;
        }

        log.Debug("{0}: head start of tile {1} failed ({2}); the job's own request reads it", job, failed.Tile, failed.Reason);
        registry.Uncover(work);
        foreach (var request in Waiting(key))
        {
            tiles.Tell(new AssignedTile(request.Work, request.ReportTo));
        }
    }

    private void Await(AwaitTile request)
    {
        var key = request.Work.Key;
        if (done.TryGetValue(key, out var completed))
        {
            request.ReportTo.Tell(completed);
        }
        else if (running.ContainsKey(key))
        {
            if (!waiting.TryGetValue(key, out var list))
            {
                waiting[key] = list = [];
            }

            list.Add(request);
        }
        else
        {
            // Released after a failure while the request was on its way here.
            tiles.Tell(new AssignedTile(request.Work, request.ReportTo));
        }
    }

    private List<AwaitTile> Waiting(TileKey key) => waiting.Remove(key, out var list) ? list : [];
}
