using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Sam3.Inference.Decoding;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.Actors.Batching;
using Sam3.Raster.Actors.Diagnostics;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// One per inference device (<c>gpu-0</c>, <c>gpu-1</c>, …; with several, the readers reach them
/// through a round-robin router): batches patches × prompts through the model with a
/// <see cref="BatchingStage{T}"/> (queue → GroupedWithin → SelectAsync(1)): one session run at a
/// time, the next batch gathered meanwhile. A batch whose patches lie in consecutive slots of the
/// patch ring is run where it lies; any other (one across the ring's end included) is copied into
/// the session's own input first (see <see cref="PatchBufferPool"/>). Each tile's detections go to
/// the geometry actors.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The stage is completed in PostStop, the actor's end of life.")]
public sealed class GpuActor : ReceiveActor
{
    private readonly SessionCache sessions;
    private readonly IActorRef geometry;
    private readonly PatchBufferPool pool;
    private readonly BatchingOptions batching;
    private readonly DroppedJobs dropped;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private BatchingStage<PatchReady>? stage;

    // The actor's name, captured on the actor's thread: batches run on pool threads, where Self is out of reach.
    private KeyValuePair<string, object?> deviceTag;

    public GpuActor(SessionCache sessions, BatchingOptions batching, IActorRef geometry, PatchBufferPool pool, DroppedJobs? dropped = null)
    {
        this.dropped = dropped ?? new DroppedJobs();
        this.sessions = sessions;
        this.batching = batching with { MaxBatch = Math.Min(batching.MaxBatch, sessions.MaxBatchSize) };
        this.geometry = geometry;
        this.pool = pool;
        Receive<PatchReady>(patch =>
        {
            PipelineMetrics.ModelQueue.Add(1);
            var self = Self;
            stage!.OfferAsync(patch).ContinueWith(
                t => self.Tell(new OfferFailed(patch, t.Exception?.GetBaseException().Message ?? "cancelled")),
                CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion,
                TaskScheduler.Default);
        });
        Receive<OfferFailed>(failed =>
        {
            PipelineMetrics.ModelQueue.Add(-1);
            Fail([failed.Patch], $"the model stage refused the patch: {failed.Reason}");
        });
    }

    public static Props Props(SessionCache sessions, BatchingOptions batching, IActorRef geometry, PatchBufferPool pool, DroppedJobs? dropped = null) =>
        Akka.Actor.Props.Create(() => new GpuActor(sessions, batching, geometry, pool, dropped));

    protected override void PreStart()
    {
        deviceTag = new("gpu", Self.Path.Name);
        stage = new BatchingStage<PatchReady>(Context.System.Materializer(), batching, batch => Task.Run(() => RunBatch(batch)));
    }

    protected override void PostStop() => stage?.Complete();

    /// <summary>Runs on a pool thread, so the stream keeps gathering the next batch meanwhile. Never throws.</summary>
    private void RunBatch(IReadOnlyList<PatchReady> batch)
    {
        PipelineMetrics.ModelQueue.Add(-batch.Count);
        // Patches of a cancelled run go back unrun.
        var cancelled = batch.Where(p => dropped.IsDropped(p.Work)).ToList();
        if (cancelled.Count > 0)
        {
            ReturnBuffers(cancelled);
            foreach (var p in cancelled)
            {
                p.ReportTo.Tell(new TileDropped(p.Work));
            }

            batch = [.. batch.Except(cancelled)];
        }

        // A batch may mix jobs (different models, prompts or thresholds): one session run per kind.
        foreach (var group in batch.GroupBy(p => (p.Work.Spec.ModelPath, Prompts: string.Join('\u001f', p.Work.Spec.Prompts), p.Work.Spec.Threshold)))
        {
            var items = group.ToList();
            bool returned = false;
            try
            {
                var spec = items[0].Work.Spec;
                using var lease = sessions.Lease(spec.ModelPath);
                var session = lease.Session;
                var prompts = sessions.PromptsFor(spec.Prompts);

                var input = PrepareInput(items, session);
                if (input.Images is null)
                {
                    ReturnBuffers(items);
                    returned = true;
                }

                var detections = RunModel(session, prompts, spec.Threshold, input);
                if (!returned)
                {
                    ReturnBuffers(items);
                    returned = true;
                }

                for (int i = 0; i < items.Count; i++)
                {
                    geometry.Tell(new TileDetections(items[i].Work, detections[i], items[i].ReportTo));
                }
            }
            catch (Exception ex)
            {
                log.Warning("model run of {0} patches failed: {1}", items.Count, ex.Message);
                if (!returned)
                {
                    ReturnBuffers(items);
                }

                Report(items, $"model run failed: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// One model run over <paramref name="input"/>'s images, recorded on the meter (its wall time
    /// and batch size); image i's detections are element i of the result.
    /// </summary>
    private List<Detection>[] RunModel(Sam3Session session, PromptSet prompts, float threshold, ModelInput input)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        List<Detection> detections;
        using (var outputs = input.Images is null ? session.RunRaw(input.Count, prompts) : session.RunRaw(input.Images, input.First, input.Count, prompts))
        {
            PipelineMetrics.RunDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, deviceTag);
            PipelineMetrics.BatchSize.Record(input.Count, deviceTag);
            sessions.CountBatch();
            detections = Sam3Session.Decode(outputs, prompts.Count, threshold);
        }

        var byImage = new List<Detection>[input.Count];
        for (int i = 0; i < input.Count; i++)
        {
            byImage[i] = [];
        }

        foreach (var d in detections)
        {
            byImage[d.Image].Add(d);
        }

        return byImage;
    }

    /// <summary>
    /// Where the model reads the batch, in the order of <paramref name="items"/> after the call:
    /// patches in consecutive ring slots stay where they lie, sorted by slot. Otherwise the patches
    /// are copied into the session's own input in their order (no images: the session's own), and
    /// their buffers may go back.
    /// </summary>
    private ModelInput PrepareInput(List<PatchReady> items, Sam3Session session)
    {
        if (PatchBufferPool.AreConsecutive([.. items.Select(p => p.Patch)], out int first))
        {
            items.Sort((a, b) => a.Patch.Slot.CompareTo(b.Patch.Slot));
            return new(pool.Ring, first, items.Count);
        }

        for (int i = 0; i < items.Count; i++)
        {
            items[i].Patch.Span.CopyTo(session.ImageSlot(i));
        }

        return new(null, 0, items.Count);
    }

    /// <summary>Images <see cref="First"/> on of <see cref="Images"/> (the ring), or of the session's own input when null.</summary>
    private readonly record struct ModelInput(float[]? Images, int First, int Count);

    private void Fail(IReadOnlyList<PatchReady> items, string reason)
    {
        ReturnBuffers(items);
        Report(items, reason);
    }

    private void Report(IReadOnlyList<PatchReady> items, string reason)
    {
        foreach (var p in items)
        {
            p.ReportTo.Tell(new RecordTileFailed(p.Work.JobId, p.Work.Scene, p.Work.Tile.Id, reason));
        }
    }

    private void ReturnBuffers(IReadOnlyList<PatchReady> items)
    {
        foreach (var p in items)
        {
            pool.Return(p.Patch);
        }
    }

    private sealed record OfferFailed(PatchReady Patch, string Reason);
}
