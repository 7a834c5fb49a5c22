using Microsoft.ML.OnnxRuntime;
using Sam3.Inference.Contract;
using Sam3.Inference.Decoding;
using Sam3.Inference.Tokenizer;

namespace Sam3.Inference.Session;

/// <summary>
/// One loaded SAM3-contract model on one execution provider. The caller fills image slots
/// (normalized CHW floats, see <see cref="ImageSlot"/>) and calls <see cref="Run"/> with the
/// batch size and prompts. The image buffer is allocated once for <see cref="MaxBatchSize"/>
/// images and pinned; an <see cref="OrtValue"/> view over its first B slots is created once per
/// batch size and reused, so a run copies no input. Outputs go through IO binding into memory the
/// session allocates once and reuses (<see cref="BoundOutputs"/>): a run's <see cref="Sam3Outputs"/>
/// are readable until the next run. One run at a time (not thread-safe).
/// </summary>
public sealed class Sam3Session : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions;
    private readonly BoundOutputs outputs;
    private readonly float[] images;
    private readonly OrtValue?[] imageViews;

    private Sam3Session(InferenceSession session, RunOptions runOptions, BoundOutputs outputs, string modelPath, string deviceDescription, bool onCpu, int maxBatchSize)
    {
        this.session = session;
        this.runOptions = runOptions;
        this.outputs = outputs;
        ModelPath = modelPath;
        DeviceDescription = deviceDescription;
        OnCpu = onCpu;
        MaxBatchSize = maxBatchSize;
        images = GC.AllocateUninitializedArray<float>(maxBatchSize * ModelContract.ImageLength, pinned: true);
        imageViews = new OrtValue?[maxBatchSize + 1];
    }

    public string ModelPath { get; }

    /// <summary>One line for the log, e.g. "CUDA device 0" or "CPU (CUDA provider unavailable: …)".</summary>
    public string DeviceDescription { get; }

    /// <summary>Whether the model runs on the CPU execution provider (asked for, or CUDA's fallback): it then shares the cores with everything else.</summary>
    public bool OnCpu { get; }

    public int MaxBatchSize { get; }

    /// <summary>Whether only the kept queries' masks are brought to the host (<see cref="MaskTransfer.Gather"/>).</summary>
    public bool GathersMasks => outputs.GathersMasks;

    /// <summary>Output memory (re)allocations so far: one per output at the first run (for <see cref="MaxBatchSize"/> × P rows) and when more prompts need more, none in steady state.</summary>
    internal int OutputAllocations => outputs.Allocations;

    /// <summary>
    /// Loads the model, checks it against the contract (refusing it with every difference listed)
    /// and prepares the input buffers.
    /// </summary>
    public static Sam3Session Open(string modelPath, Sam3SessionOptions options)
    {
        if (options.MaxBatchSize < 1)
        {
            throw new ArgumentException($"max batch size must be at least 1, not {options.MaxBatchSize}", nameof(options));
        }

        ModelFiles.RequireExists(modelPath);
        var (sessionOptions, description, onCpu) = CreateOptions(options);
        using (sessionOptions)
        {
            var session = ModelFiles.Load(modelPath, sessionOptions);
            var runOptions = new RunOptions();
            try
            {
                ModelContract.Verify(modelPath, ModelSignature.FromSession(session));
                bool gather = options.MaskTransfer == MaskTransfer.Gather || (options.MaskTransfer == MaskTransfer.Auto && !onCpu);
                var outputs = BoundOutputs.Create(session, runOptions, onCpu ? null : options.Device.CudaDeviceId, gather ? sessionOptions : null);
                return new Sam3Session(session, runOptions, outputs, modelPath, description, onCpu, options.MaxBatchSize);
            }
            catch
            {
                runOptions.Dispose();
                session.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// The buffer for image <paramref name="b"/> of the next batch: 3 × 1008 × 1008 floats, CHW,
    /// RGB normalized to [−1, 1] ((x/255 − 0.5)/0.5 for bytes). Write it in place (e.g. GDAL reads
    /// straight into it); it keeps its contents until overwritten.
    /// </summary>
    public Span<float> ImageSlot(int b)
    {
        if ((uint)b >= (uint)MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, $"image slot must be in [0, {MaxBatchSize})");
        }

        return images.AsSpan(b * ModelContract.ImageLength, ModelContract.ImageLength);
    }

    /// <summary>Runs slots 0..batchSize−1 against every prompt and decodes the kept queries.</summary>
    public IReadOnlyList<Detection> Run(int batchSize, PromptSet prompts, float threshold = DetectionDecoder.DefaultThreshold)
    {
        using var outputs = RunRaw(batchSize, prompts);
        return Decode(outputs, prompts.Count, threshold);
    }

    /// <summary>
    /// The model call alone, for callers that time or decode separately. The outputs live in the
    /// session's reused memory: decode them before the next run.
    /// </summary>
    public Sam3Outputs RunRaw(int batchSize, PromptSet prompts)
    {
        if (batchSize < 1 || batchSize > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batch size must be in [1, {MaxBatchSize}]");
        }

        using var tokens = OrtValue.CreateTensorValueFromMemory(prompts.TokenIdArray, [prompts.Count, ModelContract.TokenLength]);
        return outputs.Run(ImageView(batchSize), tokens, batchSize * prompts.Count, MaxBatchSize * prompts.Count);
    }

    /// <summary>
    /// As <see cref="RunRaw(int, PromptSet)"/>, on images the caller holds: <paramref name="batchSize"/>
    /// consecutive images of <paramref name="images"/> from image <paramref name="firstImage"/> on,
    /// read in place (no copy into the session's slots). The memory is pinned for the run.
    /// </summary>
    public Sam3Outputs RunRaw(float[] images, int firstImage, int batchSize, PromptSet prompts)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (batchSize < 1 || batchSize > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batch size must be in [1, {MaxBatchSize}]");
        }

        long start = (long)firstImage * ModelContract.ImageLength, length = (long)batchSize * ModelContract.ImageLength;
        if (firstImage < 0 || start + length > images.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(firstImage), firstImage, $"images {firstImage}..{firstImage + batchSize - 1} are not all in the buffer");
        }

        using var view = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance,
            images.AsMemory((int)start, (int)length),
            [batchSize, ModelContract.Channels, ModelContract.PatchSize, ModelContract.PatchSize]);
        using var tokens = OrtValue.CreateTensorValueFromMemory(prompts.TokenIdArray, [prompts.Count, ModelContract.TokenLength]);
        return outputs.Run(view, tokens, batchSize * prompts.Count, MaxBatchSize * prompts.Count);
    }

    /// <summary>Decodes outputs of <see cref="RunRaw(int, PromptSet)"/> (see <see cref="Sam3Outputs.Decode"/>).</summary>
    public static List<Detection> Decode(Sam3Outputs outputs, int promptCount, float threshold)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return outputs.Decode(promptCount, threshold);
    }

    /// <summary>
    /// Decodes outputs of a plain <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
    /// in contract order (logits, boxes, masks, presence), all in host memory; sizes come from the output shapes.
    /// </summary>
    public static List<Detection> Decode(IReadOnlyList<OrtValue> outputs, int promptCount, float threshold)
    {
        var shape = outputs[2].GetTensorTypeAndShape().Shape; // [B·P, Q, Hm, Wm]
        var tensors = new PredictionTensors(
            outputs[0].GetTensorDataAsSpan<float>(),
            outputs[1].GetTensorDataAsSpan<float>(),
            outputs[2].GetTensorDataAsSpan<float>(),
            outputs[3].GetTensorDataAsSpan<float>(),
            checked((int)shape[0]), checked((int)shape[1]), checked((int)shape[2]), checked((int)shape[3]));
        return DetectionDecoder.Decode(tensors, promptCount, threshold, ModelContract.PatchSize);
    }

    public void Dispose()
    {
        foreach (var view in imageViews)
        {
            view?.Dispose();
        }

        outputs.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }

    private OrtValue ImageView(int batchSize) =>
        imageViews[batchSize] ??= OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance,
            images.AsMemory(0, batchSize * ModelContract.ImageLength),
            [batchSize, ModelContract.Channels, ModelContract.PatchSize, ModelContract.PatchSize]);

    private static (SessionOptions Options, string Description, bool OnCpu) CreateOptions(Sam3SessionOptions options)
    {
        var so = NewOptions(options);
        if (options.Device.Kind == DeviceKind.Cpu)
        {
            return (so, "CPU", true);
        }

        // Probe first: when the CUDA libraries are missing we learn the loader's reason and spare
        // the user ONNX Runtime's own error log line for a fallback that is expected.
        var reason = CudaProviderProbe.LoaderReason();
        if (reason is null)
        {
            try
            {
                so.AppendExecutionProvider_CUDA(options.Device.CudaDeviceId);
                return (so, $"CUDA device {options.Device.CudaDeviceId}", false);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                reason = FirstLine(ex.Message);
            }
        }

        so.Dispose();
        if (options.Device.Kind == DeviceKind.Cuda)
        {
            throw new DeviceUnavailableException($"device {options.Device}: the CUDA execution provider cannot be used: {reason}");
        }

        // Fresh options: nothing half-registered from a failed append can leak into the CPU session.
        return (NewOptions(options), $"CPU (CUDA provider unavailable: {reason})", true);
    }

    private static SessionOptions NewOptions(Sam3SessionOptions options)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Math.Max(0, options.IntraOpThreads),
        };
        if (!options.SpinWhenIdle)
        {
            so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            so.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        }

        return so;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
