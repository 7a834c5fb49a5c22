namespace Sam3.Raster.Actors.Pipeline;

/// <summary>Tiles this node has vectorized and stored (for progress reports and tests: which node did the work).</summary>
public sealed class TileCounter
{
    private long count;

    public long Count => Interlocked.Read(ref count);

    public void Increment() => Interlocked.Increment(ref count);
}
