using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sam3.Inference.Session;

/// <summary>
/// The memory one model output is written into, allocated for the largest row count asked for
/// so far (at least the reserve the caller names: the session's full batch) and reused by every
/// run that fits; a run with fewer rows gets a view over its start, so a smaller batch or fewer
/// prompts allocate nothing. Host memory is native memory (CPU; freed at once when it grows,
/// not at some later GC) or memory from an ONNX Runtime allocator (CUDA: pinned host or device).
/// </summary>
internal sealed unsafe class OutputBuffer : IDisposable
{
    private readonly OrtMemoryInfo info;
    private readonly OrtAllocator? allocator;
    private readonly long[] rowShape;
    private readonly long rowElements;
    private readonly bool growGeometrically;
    private readonly bool onHost;
    private readonly Dictionary<int, OrtValue> views = [];
    private void* hostMemory;
    private OrtValue? native;
    private IntPtr nativeAddress;
    private int capacityRows;

    /// <param name="allocator">Null: native CPU memory.</param>
    /// <param name="onHost">Whether the CPU can read the allocator's memory (CPU or pinned host memory, not device memory).</param>
    /// <param name="rowShape">The dims after the first (the row count).</param>
    /// <param name="growGeometrically">Grow to at least twice the capacity (for counts that vary run to run).</param>
    public OutputBuffer(OrtMemoryInfo info, OrtAllocator? allocator, bool onHost, long[] rowShape, bool growGeometrically = false)
    {
        this.info = info;
        this.allocator = allocator;
        this.rowShape = rowShape;
        rowElements = rowShape.Aggregate(1L, (a, d) => a * d);
        this.growGeometrically = growGeometrically;
        this.onHost = allocator is null || onHost;
    }

    /// <summary>How many times memory was (re)allocated: growth, never steady state.</summary>
    public int Allocations { get; private set; }

    /// <summary>Whether the CPU can read the memory (managed or pinned host memory).</summary>
    public bool OnHost => onHost;

    /// <summary>
    /// A tensor [rows, rowShape…] over the buffer's start, valid until a larger row count grows
    /// it; growing allocates for at least <paramref name="reserveRows"/>.
    /// </summary>
    public OrtValue View(int rows, int reserveRows = 0)
    {
        if (rows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "an output needs at least one row");
        }

        if (rows > capacityRows)
        {
            Grow(Math.Max(Math.Max(rows, reserveRows), growGeometrically ? 2 * capacityRows : 0));
        }

        if (!views.TryGetValue(rows, out var view))
        {
            long[] shape = [rows, .. rowShape];
            long elements = rows * rowElements;
            view = OrtValue.CreateTensorValueWithData(info, TensorElementType.Float, shape, nativeAddress, elements * sizeof(float));
            views[rows] = view;
        }

        return view;
    }

    /// <summary>The first <paramref name="rows"/> rows as floats; host memory only.</summary>
    public ReadOnlySpan<float> Span(int rows)
    {
        if (!OnHost)
        {
            throw new InvalidOperationException("this output lives in device memory");
        }

        var elements = checked((int)(rows * rowElements));
        return new ReadOnlySpan<float>((void*)nativeAddress, elements);
    }

    public void Dispose()
    {
        DropViews();
        Free();
    }

    private void Grow(int rows)
    {
        DropViews();
        Free();
        long elements = rows * rowElements;
        if (elements * sizeof(float) > int.MaxValue)
        {
            throw new InvalidOperationException($"an output of {rows} rows × {rowElements} floats is over 2 GiB; use smaller batches or fewer prompts");
        }

        if (allocator is null)
        {
            // Uninitialized (pages are touched when the model first writes them), 64-byte aligned as ONNX Runtime's own.
            hostMemory = NativeMemory.AlignedAlloc((nuint)(elements * sizeof(float)), 64);
            nativeAddress = (IntPtr)hostMemory;
        }
        else
        {
            // The address only (device memory is never read here): views of fewer rows start at it.
            native = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, [rows, .. rowShape]);
            nativeAddress = (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(native.GetTensorMutableRawData()));
        }

        capacityRows = rows;
        Allocations++;
    }

    private void Free()
    {
        native?.Dispose();
        native = null;
        if (hostMemory is not null)
        {
            NativeMemory.AlignedFree(hostMemory);
            hostMemory = null;
        }

        nativeAddress = IntPtr.Zero;
        capacityRows = 0;
    }

    private void DropViews()
    {
        foreach (var view in views.Values)
        {
            view.Dispose();
        }

        views.Clear();
    }
}
