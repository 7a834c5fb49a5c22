namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// The patch buffers of a node (3 × T × T floats, 12 MB at T = 1008), with a gauge of how many are
/// out. Patches are read into the slots of one pinned ring, in turn: patches rented one after the
/// other lie next to each other, so a batch of them is handed to ONNX Runtime where it lies instead
/// of being copied into the session's input (a 48 MB copy per batch of 4 while the model waits).
/// When the ring's next slot is still taken (several jobs' windows at once), a heap buffer stands
/// in, and its batch is copied as before. The credit window of the job entities is what bounds the
/// buffers out; <see cref="PeakInUse"/> lets tests check that it holds.
/// </summary>
public sealed class PatchBufferPool
{
    private readonly Lock gate = new();
    private readonly Stack<float[]> free = new();
    private readonly int retained;
    private readonly bool[] taken;
    private long next;
    private int inUse;
    private int peak;

    /// <param name="patchLength">Floats in one patch.</param>
    /// <param name="retained">Heap buffers kept for reuse.</param>
    /// <param name="ringSlots">Slots in the ring (0: heap buffers only). More than the tiles in flight, so the next slot is free.</param>
    public PatchBufferPool(int patchLength, int retained, int ringSlots = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ringSlots);
        PatchLength = patchLength;
        this.retained = retained;
        taken = new bool[ringSlots];
        Ring = ringSlots == 0 ? null : GC.AllocateUninitializedArray<float>(checked(ringSlots * patchLength), pinned: true);
    }

    public int PatchLength { get; }

    /// <summary>The ring's pinned memory (slot s from float s × <see cref="PatchLength"/> on), or null without a ring.</summary>
    public float[]? Ring { get; }

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

    public PatchBuffer Rent()
    {
        lock (gate)
        {
            inUse++;
            peak = Math.Max(peak, inUse);
            if (Ring is not null)
            {
                int slot = (int)(next++ % taken.Length);
                if (!taken[slot])
                {
                    taken[slot] = true;
                    return new PatchBuffer(Ring, slot * PatchLength, PatchLength, slot);
                }
            }

            if (free.TryPop(out var buffer))
            {
                return new PatchBuffer(buffer, 0, PatchLength, -1);
            }
        }

        return new PatchBuffer(GC.AllocateUninitializedArray<float>(PatchLength), 0, PatchLength, -1);
    }

    public void Return(PatchBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (gate)
        {
            inUse--;
            if (buffer.Slot >= 0)
            {
                taken[buffer.Slot] = false;
            }
            else if (free.Count < retained && buffer.Array.Length == PatchLength)
            {
                free.Push(buffer.Array);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="patches"/> fill consecutive ring slots (in any order): then the
    /// model can read them in place, as images <paramref name="first"/> onwards of <see cref="Ring"/>.
    /// A batch across the ring's end is not: it is copied.
    /// </summary>
    public static bool AreConsecutive(IReadOnlyList<PatchBuffer> patches, out int first)
    {
        ArgumentNullException.ThrowIfNull(patches);
        int low = int.MaxValue, high = -1;
        foreach (var p in patches)
        {
            if (p.Slot < 0)
            {
                first = -1;
                return false;
            }

            low = Math.Min(low, p.Slot);
            high = Math.Max(high, p.Slot);
        }

        // Slots of patches out at once are distinct, so n slots spanning n places are consecutive.
        bool consecutive = patches.Count > 0 && high - low + 1 == patches.Count;
        first = consecutive ? low : -1;
        return consecutive;
    }
}
