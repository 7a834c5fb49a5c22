using Akka.Actor;
using Akka.Event;
using Akka.Streams;
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
/// patch ring is run where it lies; any other is copied into the session's own input first (see
/// <see cref="PatchBufferPool"/>). Each tile's detections go to the geometry actors.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The stage is completed in PostStop, the actor's end of life.")]
public sealed class GpuActor : ReceiveActor
{
    private readonly SessionCache sessions;
    private readonly IActorRef geometry;
    private readonly PatchBufferPool pool;
    private readonly BatchingOptions batching;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private BatchingStage<PatchReady>? stage;

    // The actor's name, captured on the actor's thread: batches run on pool threads, where Self is out of reach.
    private KeyValuePair<string, object?> deviceTag;

    public GpuActor(SessionCache sessions, BatchingOptions batching, IActorRef geometry, PatchBufferPool pool)
    {
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

    public static Props Props(SessionCache sessions, BatchingOptions batching, IActorRef geometry, PatchBufferPool pool) =>
        Akka.Actor.Props.Create(() => new GpuActor(sessions, batching, geometry, pool));

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
        // A batch may mix jobs (different models, prompts or thresholds): one session run per kind.
        foreach (var group in batch.GroupBy(p => (p.Work.Spec.ModelPath, Prompts: string.Join('\u001f', p.Work.Spec.Prompts), p.Work.Spec.Threshold)))
        {
            var items = group.ToList();
            bool returned = false;
            try
            {
                var spec = items[0].Work.Spec;
                long t0 = StageTimings.Start();
                using var lease = sessions.Lease(spec.ModelPath);
                var session = lease.Session;
                var prompts = sessions.PromptsFor(spec.Prompts);

                bool inPlace = PrepareInputs(items, session, out int first);
                if (!inPlace)
                {
                    ReturnBuffers(items);
                    returned = true;
                    StageTimings.Add("copy-in", t0);
                }

                t0 = StageTimings.Start();
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                List<Sam3.Inference.Decoding.Detection> detections;
                using (var outputs = inPlace ? session.RunRaw(items[0].Patch.Array, first, items.Count, prompts) : session.RunRaw(items.Count, prompts))
                {
                    if (inPlace)
                    {
                        ReturnBuffers(items);
                        returned = true;
                        StageTimings.Add("in-place", StageTimings.Start());
                    }

                    PipelineMetrics.RunDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, deviceTag);
                    PipelineMetrics.BatchSize.Record(items.Count, deviceTag);
                    sessions.CountBatch();
                    StageTimings.Add("model", t0);
                    t0 = StageTimings.Start();
                    detections = Sam3.Inference.Session.Sam3Session.Decode(outputs, prompts.Count, spec.Threshold);
                    StageTimings.Add("decode", t0);
                }

                var byImage = detections.ToLookup(d => d.Image);
                for (int i = 0; i < items.Count; i++)
                {
                    geometry.Tell(new TileDetections(items[i].Work, [.. byImage[i]], items[i].ReportTo));
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
    /// Patches in consecutive ring slots stay where they lie, sorted by slot (output i is slot
    /// <paramref name="first"/> + i): true. Others are copied into the session's own input in
    /// their order: false, and their buffers may go back.
    /// </summary>
    private static bool PrepareInputs(List<PatchReady> items, Sam3.Inference.Session.Sam3Session session, out int first)
    {
        if (PatchBufferPool.AreConsecutive([.. items.Select(p => p.Patch)], out first))
        {
            items.Sort((a, b) => a.Patch.Slot.CompareTo(b.Patch.Slot));
            return true;
        }

        for (int i = 0; i < items.Count; i++)
        {
            items[i].Patch.Span.CopyTo(session.ImageSlot(i));
        }

        return false;
    }

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
