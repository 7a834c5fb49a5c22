namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Reusable patch buffers (3 × T × T floats, 12 MB at T = 1008) with a gauge of how many are out.
/// The credit window of the job entities is what bounds them; <see cref="PeakInUse"/> lets tests
/// check that it holds (a slow model must never let read patches pile up).
/// </summary>
public sealed class PatchBufferPool(int patchLength, int retained)
{
    private readonly Lock gate = new();
    private readonly Stack<float[]> free = new();
    private int inUse;
    private int peak;

    public int PatchLength { get; } = patchLength;

    public int InUse
    {
        get
        {
            lock (gate)
            {
                return inUse;
            }
        }
    }

    /// <summary>The most buffers ever out at once.</summary>
    public int PeakInUse
    {
        get
        {
            lock (gate)
            {
                return peak;
            }
        }
    }

    public float[] Rent()
    {
        lock (gate)
        {
            inUse++;
            peak = Math.Max(peak, inUse);
            if (free.TryPop(out var buffer))
            {
                return buffer;
            }
        }

        return GC.AllocateUninitializedArray<float>(PatchLength);
    }

    public void Return(float[] buffer)
    {
        lock (gate)
        {
            inUse--;
            if (free.Count < retained && buffer.Length == PatchLength)
            {
                free.Push(buffer);
            }
        }
    }
}
