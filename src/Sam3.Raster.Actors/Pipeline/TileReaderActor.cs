using Akka.Actor;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Reading;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// A tiling actor: reads tile windows into patch buffers and hands them to the GPU actor (with
/// several devices, to the router that deals patches over their GPU actors). It owns
/// its GDAL dataset (handles are not thread-safe), kept open across tiles of the same scene.
/// A read that fails is reported to the job, which retries the tile and fails after its attempts.
/// Runs on a thread of its own (<see cref="PipelineDispatchers.CpuSide"/>), lowered at its start
/// when <c>lowered</c> says so (<see cref="CpuSideThread"/>).
/// </summary>
public sealed class TileReaderActor : ReceiveActor
{
    private readonly IActorRef gpu;
    private readonly PatchBufferPool pool;
    private readonly bool lowered;
    private readonly DroppedJobs dropped;
    private (string Path, string Bands, int TileSize)? openKey;
    private RasterDataset? dataset;
    private PatchReader? reader;

    public TileReaderActor(IActorRef gpu, IActorRef jobs, PatchBufferPool pool, bool lowered, DroppedJobs? dropped = null)
    {
        this.dropped = dropped ?? new DroppedJobs();
        this.gpu = gpu;
        this.pool = pool;
        this.lowered = lowered;
        Receive<ProcessTile>(work => Read(work, jobs));
        Receive<AssignedTile>(assigned => Read(assigned.Work, assigned.ReportTo));
    }

    public static Props Props(IActorRef gpu, IActorRef jobs, PatchBufferPool pool, bool lowered, DroppedJobs? dropped = null) =>
        Akka.Actor.Props.Create(() => new TileReaderActor(gpu, jobs, pool, lowered, dropped)).WithDispatcher(PipelineDispatchers.CpuSide);

    protected override void PreStart()
    {
        if (lowered)
        {
            CpuSideThread.Lower();
        }
    }

    protected override void PostStop() => Close();

    private void Read(ProcessTile work, IActorRef reportTo)
    {
        if (dropped.IsDropped(work))
        {
            reportTo.Tell(new TileDropped(work));
            return;
        }

        // At-least-once: a tile whose result file exists was fully processed (the file is written
        // atomically, after vectorizing), so it is reported again without running the model.
        if (TileResultStore.TryCount(work.Spec.WorkDirectory, work.Scene, work.Tile.Id) is { } stored)
        {
            reportTo.Tell(new RecordTileCompleted(work.JobId, work.Scene, work.Tile.Id, stored));
            return;
        }

        PatchBuffer? patch = null;
        try
        {
            var r = ReaderFor(work);
            patch = pool.Rent();
            r.Read(work.Tile.Window, patch.Span);
            gpu.Tell(new PatchReady(work, patch, reportTo));
        }
        catch (Exception ex)
        {
            if (patch is not null)
            {
                pool.Return(patch);
            }

            // A broken handle must not poison the next tiles: reopen on the next read.
            Close();
            reportTo.Tell(new RecordTileFailed(work.JobId, work.Scene, work.Tile.Id, $"cannot read {work.Tile.Window}: {ex.Message}"));
        }
    }

    private PatchReader ReaderFor(ProcessTile work)
    {
        var key = (work.ScenePath, string.Join(',', work.Spec.Bands ?? []), work.Spec.Tiles.TileSize);
        if (reader is null || openKey != key)
        {
            Close();
            dataset = RasterDataset.Open(work.ScenePath, allowUngeoreferenced: true);
            reader = new PatchReader(dataset, SceneBands.Select(dataset, work.Spec.Bands), work.Spec.Tiles.TileSize);
            openKey = key;
        }

        return reader;
    }

    private void Close()
    {
        reader = null;
        openKey = null;
        dataset?.Dispose();
        dataset = null;
    }
}
