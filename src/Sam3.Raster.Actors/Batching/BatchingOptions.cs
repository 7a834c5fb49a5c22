namespace Sam3.Raster.Actors.Batching;

/// <summary>
/// How items are grouped for one model run: up to <see cref="MaxBatch"/> items, waiting at most
/// <see cref="MaxWait"/> for a batch to fill; at most <see cref="QueueSize"/> items wait in the queue
/// (offers beyond that are backpressured).
/// </summary>
public sealed record BatchingOptions(int MaxBatch, TimeSpan MaxWait, int QueueSize)
{
    public static BatchingOptions For(int maxBatch, int queueSize) =>
        new(maxBatch, TimeSpan.FromMilliseconds(20), Math.Max(queueSize, maxBatch));

    public void Validate()
    {
        if (MaxBatch < 1)
        {
            throw new ArgumentException($"the batch size must be at least 1, got {MaxBatch}");
        }

        if (QueueSize < 1)
        {
            throw new ArgumentException($"the queue size must be at least 1, got {QueueSize}");
        }

        if (MaxWait <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the batch wait must be positive, got {MaxWait}");
        }
    }
}
