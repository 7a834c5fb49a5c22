using Microsoft.ML.OnnxRuntime;
using Sam3.Inference.Contract;

namespace Sam3.Inference.Session;

/// <summary>
/// Where a session's four outputs are written: IO binding to buffers allocated once (for the
/// largest row count so far) and reused run after run, so a steady-state run allocates and
/// faults no output memory. On the CPU the buffers are native memory the decoder reads in place. On CUDA logits, boxes and presence go to pinned host memory; <c>pred_masks</c> stays
/// in device memory when masks are gathered (<see cref="MaskTransfer.Gather"/>): only the kept
/// queries' planes cross to the host, through <see cref="MaskGather"/>. Each run invalidates the
/// previous run's <see cref="Sam3Outputs"/>. Not thread-safe (one run at a time, as the session).
/// </summary>
internal sealed class BoundOutputs : IDisposable
{
    public const int MasksIndex = 2;

    public static readonly string[] Names =
        [ModelContract.LogitsOutput, ModelContract.BoxesOutput, ModelContract.MasksOutput, ModelContract.PresenceOutput];

    private readonly InferenceSession session;
    private readonly OrtIoBinding binding;
    private readonly RunOptions runOptions;
    private readonly OrtMemoryInfo hostInfo;
    private readonly OrtAllocator? hostAllocator;
    private readonly OrtMemoryInfo maskInfo;
    private readonly OrtAllocator? maskAllocator;
    private readonly bool masksOnHost;
    private readonly MaskGather? gather;
    private long[][]? rowShapes;
    private OutputBuffer[]? buffers;
    private OutputBuffer? keptBuffer;

    private BoundOutputs(InferenceSession session, OrtIoBinding binding, RunOptions runOptions,
        OrtMemoryInfo hostInfo, OrtAllocator? hostAllocator, OrtMemoryInfo maskInfo, OrtAllocator? maskAllocator, MaskGather? gather)
    {
        this.session = session;
        this.binding = binding;
        this.runOptions = runOptions;
        this.hostInfo = hostInfo;
        this.hostAllocator = hostAllocator;
        this.maskInfo = maskInfo;
        this.maskAllocator = maskAllocator;
        this.gather = gather;
        masksOnHost = gather is null;
        rowShapes = FixedRowShapes(session);
    }

    /// <summary>Increases with every run; a <see cref="Sam3Outputs"/> is readable while it equals its own.</summary>
    public long Generation { get; private set; }

    /// <summary>Whether the masks are gathered (kept queries only) instead of read whole.</summary>
    public bool GathersMasks => gather is not null;

    /// <summary>Output memory (re)allocations so far: growth to a larger row count, never a repeated shape.</summary>
    public int Allocations => (buffers?.Sum(b => b.Allocations) ?? 0) + (keptBuffer?.Allocations ?? 0);

    /// <summary>
    /// Output placement for a session. <paramref name="cudaDeviceId"/> null: the CPU provider.
    /// <paramref name="gatherOptions"/> non-null: gather masks with a graph opened with them.
    /// </summary>
    public static BoundOutputs Create(InferenceSession session, RunOptions runOptions, int? cudaDeviceId, SessionOptions? gatherOptions)
    {
        var binding = session.CreateIoBinding();
        var disposables = new List<IDisposable> { binding };
        try
        {
            MaskGather? gather = gatherOptions is null ? null : new MaskGather(gatherOptions);
            if (gather is not null)
            {
                disposables.Add(gather);
            }

            if (cudaDeviceId is not int device)
            {
                // CPU: native memory; with a gather the "device" is the CPU too (what the tests run).
                return new BoundOutputs(session, binding, runOptions, OrtMemoryInfo.DefaultInstance, null, OrtMemoryInfo.DefaultInstance, null, gather);
            }

            var pinned = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, device, OrtMemType.CpuOutput);
            disposables.Add(pinned);
            var pinnedAllocator = new OrtAllocator(session, pinned);
            disposables.Add(pinnedAllocator);
            if (gather is null)
            {
                return new BoundOutputs(session, binding, runOptions, pinned, pinnedAllocator, pinned, pinnedAllocator, null);
            }

            var onDevice = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, device, OrtMemType.Default);
            disposables.Add(onDevice);
            var deviceAllocator = new OrtAllocator(session, onDevice);
            return new BoundOutputs(session, binding, runOptions, pinned, pinnedAllocator, onDevice, deviceAllocator, gather);
        }
        catch
        {
            foreach (var d in disposables)
            {
                d.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Runs the session on <paramref name="images"/> and <paramref name="tokens"/> (rebound every run:
    /// on CUDA a host input is copied to the device when bound) with <paramref name="rows"/> = B·P
    /// output rows; the result is readable until the next run. Output memory, when it has to grow,
    /// is allocated for <paramref name="reserveRows"/> (the full batch with these prompts), so a
    /// pipeline that starts with small batches allocates once, not once per size.
    /// </summary>
    public Sam3Outputs Run(OrtValue images, OrtValue tokens, int rows, int reserveRows)
    {
        Generation++;
        binding.ClearBoundInputs();
        binding.ClearBoundOutputs();
        binding.BindInput(ModelContract.ImagesInput, images);
        binding.BindInput(ModelContract.TokenIdsInput, tokens);
        try
        {
            if (rowShapes is null)
            {
                return RunDiscovering();
            }

            buffers ??= CreateBuffers(rowShapes);
            var values = new OrtValue[Names.Length];
            for (var i = 0; i < Names.Length; i++)
            {
                values[i] = buffers[i].View(rows, reserveRows);
                binding.BindOutput(Names[i], values[i]);
            }

            session.RunWithBinding(runOptions, binding);
            binding.SynchronizeBoundOutputs();
            return new Sam3Outputs(this, Generation, values, masksOnHost, owned: null);
        }
        finally
        {
            // The inputs' memory belongs to the caller (pinned only for the call).
            binding.ClearBoundInputs();
        }
    }

    /// <summary>
    /// The kept planes <paramref name="flatIndex"/> (row·Q + query) of <paramref name="masks"/>,
    /// gathered where the masks lie and copied to host memory reused from run to run.
    /// </summary>
    public ReadOnlySpan<float> Gather(OrtValue masks, long[] flatIndex, int planeElements)
    {
        if (gather is null)
        {
            throw new InvalidOperationException("this session reads masks whole");
        }

        keptBuffer ??= new OutputBuffer(hostInfo, hostAllocator, onHost: true, [planeElements], growGeometrically: true);
        var kept = keptBuffer.View(flatIndex.Length);
        using var index = OrtValue.CreateTensorValueFromMemory(flatIndex, [flatIndex.Length]);
        gather.Run(masks, index, kept);
        return keptBuffer.Span(flatIndex.Length);
    }

    public void Dispose()
    {
        binding.ClearBoundOutputs();
        foreach (var b in buffers ?? [])
        {
            b.Dispose();
        }

        keptBuffer?.Dispose();
        gather?.Dispose();
        binding.Dispose();
        if (!ReferenceEquals(maskAllocator, hostAllocator))
        {
            maskAllocator?.Dispose();
        }

        if (!ReferenceEquals(maskInfo, hostInfo) && !ReferenceEquals(maskInfo, OrtMemoryInfo.DefaultInstance))
        {
            maskInfo.Dispose();
        }

        hostAllocator?.Dispose();
        if (!ReferenceEquals(hostInfo, OrtMemoryInfo.DefaultInstance))
        {
            hostInfo.Dispose();
        }
    }

    /// <summary>Each output's dims after the row count, when the model fixes them all; else null (learned from the first run).</summary>
    private static long[][]? FixedRowShapes(InferenceSession session)
    {
        var shapes = new long[Names.Length][];
        for (var i = 0; i < Names.Length; i++)
        {
            var dims = session.OutputMetadata[Names[i]].Dimensions;
            if (dims.Length < 1 || dims.Skip(1).Any(d => d < 1))
            {
                return null;
            }

            shapes[i] = dims.Skip(1).Select(d => (long)d).ToArray();
        }

        return shapes;
    }

    private OutputBuffer[] CreateBuffers(long[][] shapes) =>
        Enumerable.Range(0, Names.Length).Select(i => i == MasksIndex
            ? new OutputBuffer(maskInfo, maskAllocator, masksOnHost, shapes[i])
            : new OutputBuffer(hostInfo, hostAllocator, onHost: true, shapes[i])).ToArray();

    /// <summary>
    /// The model leaves some output dim symbolic: this once, ONNX Runtime allocates the outputs
    /// where ours would lie; their shapes give the buffers for every later run.
    /// </summary>
    private Sam3Outputs RunDiscovering()
    {
        for (var i = 0; i < Names.Length; i++)
        {
            binding.BindOutputToDevice(Names[i], i == MasksIndex ? maskInfo : hostInfo);
        }

        session.RunWithBinding(runOptions, binding);
        binding.SynchronizeBoundOutputs();
        var owned = binding.GetOutputValues();
        binding.ClearBoundOutputs();
        rowShapes = owned.Select(v => v.GetTensorTypeAndShape().Shape.Skip(1).ToArray()).ToArray();
        return new Sam3Outputs(this, Generation, [.. owned], masksOnHost, owned);
    }
}
