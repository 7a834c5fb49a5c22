using Sam3.Raster.Actors.Pipeline;

namespace Sam3.Raster.Actors.Tests.Pipeline;

/// <summary>Patches rented in turn lie side by side in the ring, so their batch can be read in place.</summary>
public sealed class PatchBufferPoolTests
{
    [Fact]
    public void Patches_rented_in_turn_take_consecutive_ring_slots_in_any_order_of_arrival()
    {
        var pool = new PatchBufferPool(patchLength: 10, retained: 2, ringSlots: 6);
        var a = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();

        Assert.Equal([0, 1, 2, 3], a.Select(p => p.Slot));
        Assert.All(a, p => Assert.Same(pool.Ring, p.Array));
        Assert.True(PatchBufferPool.AreConsecutive([a[2], a[0], a[3], a[1]], out int first));
        Assert.Equal(0, first);
        Assert.True(PatchBufferPool.AreConsecutive([a[2], a[1]], out first));
        Assert.Equal(1, first);
        Assert.False(PatchBufferPool.AreConsecutive([a[0], a[2]], out first));
        Assert.Equal(-1, first);

        // Writing a slot writes the ring where the model will read image `slot`.
        a[1].Span.Fill(7f);
        Assert.All(pool.Ring!.AsSpan(10, 10).ToArray(), v => Assert.Equal(7f, v));
        Assert.Equal(4, pool.InUse);
    }

    [Fact]
    public void Patches_across_the_rings_end_or_with_a_gap_are_not_consecutive_so_their_batch_is_copied()
    {
        var pool = new PatchBufferPool(patchLength: 10, retained: 2, ringSlots: 8);
        var a = Enumerable.Range(0, 8).Select(_ => pool.Rent()).ToList();

        Assert.False(PatchBufferPool.AreConsecutive([a[0], a[7], a[1], a[6]], out int first));
        Assert.Equal(-1, first);
        Assert.False(PatchBufferPool.AreConsecutive([a[7], a[0]], out _));
        Assert.False(PatchBufferPool.AreConsecutive([a[2], a[4]], out _));
        Assert.False(PatchBufferPool.AreConsecutive([], out _));

        // The last slots alone are consecutive, and so is a single patch.
        Assert.True(PatchBufferPool.AreConsecutive([a[7], a[6]], out first));
        Assert.Equal(6, first);
        Assert.True(PatchBufferPool.AreConsecutive([a[7]], out first));
        Assert.Equal(7, first);

        var heap = new PatchBufferPool(patchLength: 10, retained: 1).Rent();
        Assert.False(PatchBufferPool.AreConsecutive([a[7], heap], out _));
    }

    [Fact]
    public void A_slot_still_taken_makes_the_pool_lend_a_heap_buffer_which_is_never_read_in_place()
    {
        var pool = new PatchBufferPool(patchLength: 10, retained: 2, ringSlots: 3);
        var held = pool.Rent(); // slot 0, kept across the ring's turn
        var b = pool.Rent();
        var c = pool.Rent();
        pool.Return(b);
        pool.Return(c);

        var heap = pool.Rent(); // the ring comes round to slot 0: still taken
        var wrapped = pool.Rent(); // slot 1 again

        Assert.Equal(-1, heap.Slot);
        Assert.NotSame(pool.Ring, heap.Array);
        Assert.Equal(1, wrapped.Slot);
        Assert.False(PatchBufferPool.AreConsecutive([held, heap], out _));
        Assert.Equal(3, pool.PeakInUse);
        pool.Return(held);
        pool.Return(heap);
        pool.Return(wrapped);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(2, pool.Rent().Slot); // the ring goes on where it was, and slot 2 is free
    }

    [Fact]
    public void Without_a_ring_every_buffer_is_its_own()
    {
        var pool = new PatchBufferPool(patchLength: 10, retained: 1);
        var a = pool.Rent();
        Assert.Null(pool.Ring);
        Assert.Equal(-1, a.Slot);
        Assert.Equal(10, a.Span.Length);
        pool.Return(a);
        Assert.Same(a.Array, pool.Rent().Array);
    }
}
