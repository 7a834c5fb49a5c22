namespace Sam3.Inference.Session;

/// <summary>How to open a model.</summary>
/// <param name="Device">Execution provider choice (default auto: CUDA if it loads, else CPU).</param>
/// <param name="MaxBatchSize">Largest batch B a run may use; input buffers are allocated once for it.</param>
/// <param name="IntraOpThreads">ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (all cores).</param>
/// <param name="SpinWhenIdle">
/// Whether ONNX Runtime's intra-op threads spin-wait for work between and within runs (its
/// default: the lowest latency for a process doing nothing else). A pipeline that reads and
/// vectorizes on the same cores turns it off, so idle model threads leave those cores to it.
/// </param>
/// <param name="MaskTransfer">How <c>pred_masks</c> reaches the decoder (default: gathered on CUDA, read in place on the CPU).</param>
public sealed record Sam3SessionOptions(ExecutionDevice Device, int MaxBatchSize = 8, int IntraOpThreads = 0, bool SpinWhenIdle = true,
    MaskTransfer MaskTransfer = MaskTransfer.Auto)
{
    public static Sam3SessionOptions Default { get; } = new(ExecutionDevice.Auto);
}
