using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Sam3.Raster.Actors.Batching;

/// <summary>
/// <c>Source.Queue(bounded, Backpressure) → GroupedWithin(maxBatch, maxWait) → SelectAsync(1, runBatch)</c>:
/// one batch runs at a time, and while it runs GroupedWithin already collects the next one from the
/// queue, so when a run ends the next batch starts at once (the model never waits for the reader).
/// Items wait in a bounded queue; an offer into a full queue waits (backpressure).
/// <para><c>runBatch</c> owns its errors: it must report per-item failures itself. If it throws, the
/// stage stops and <see cref="Completion"/> fails.</para>
/// </summary>
public sealed class BatchingStage<T> : IAsyncDisposable
{
    private readonly ISourceQueueWithComplete<T> queue;

    // Source.Queue allows one pending offer at a time; callers may offer concurrently.
    private readonly SemaphoreSlim offerGate = new(1, 1);

    public BatchingStage(IMaterializer materializer, BatchingOptions options, Func<IReadOnlyList<T>, Task> runBatch)
    {
        options.Validate();
        Options = options;
        (queue, Completion) = Source.Queue<T>(options.QueueSize, OverflowStrategy.Backpressure)
            .GroupedWithin(options.MaxBatch, options.MaxWait)
            .SelectAsync(1, async group =>
            {
                await runBatch(group as IReadOnlyList<T> ?? [.. group]);
                return NotUsed.Instance;
            })
            .ToMaterialized(Sink.Ignore<NotUsed>(), Keep.Both)
            .Run(materializer);
    }

    public BatchingOptions Options { get; }

    /// <summary>Completes when the stage has stopped: after <see cref="Complete"/> and the last batch, or on a failure.</summary>
    public Task Completion { get; }

    /// <summary>Queues one item; waits while the queue is full.</summary>
    public async Task OfferAsync(T item, CancellationToken cancellationToken = default)
    {
        await offerGate.WaitAsync(cancellationToken);
        try
        {
            var result = await queue.OfferAsync(item, cancellationToken);
            switch (result)
            {
                case QueueOfferResult.Enqueued:
                    return;
                case QueueOfferResult.Failure failure:
                    throw new InvalidOperationException("the batching stage has failed", failure.Cause);
                default:
                    throw new InvalidOperationException($"the batching stage refused an item ({result.GetType().Name})");
            }
        }
        finally
        {
            offerGate.Release();
        }
    }

    /// <summary>No more items: the queued ones still run, then <see cref="Completion"/> completes.</summary>
    public void Complete() => queue.Complete();

    public async ValueTask DisposeAsync()
    {
        Complete();
        try
        {
            await Completion;
        }
        catch (Exception)
        {
            // Already reported to whoever awaited Completion.
        }

        offerGate.Dispose();
    }
}
