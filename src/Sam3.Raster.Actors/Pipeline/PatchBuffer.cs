namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// One rented patch (3 × T × T floats): a slot of the <see cref="PatchBufferPool"/>'s pinned ring,
/// or a heap array when the ring's next slot was still taken (<see cref="Slot"/> −1).
/// </summary>
public sealed class PatchBuffer(float[] array, int offset, int length, int slot)
{
    /// <summary>The array holding the patch: the ring (shared) or the patch's own.</summary>
    public float[] Array { get; } = array;

    /// <summary>The patch's ring slot, or −1 for a heap buffer.</summary>
    public int Slot { get; } = slot;

    public int Length { get; } = length;

    public Span<float> Span => Array.AsSpan(offset, Length);
}
