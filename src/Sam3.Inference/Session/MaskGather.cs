using Microsoft.ML.OnnxRuntime;
using Sam3.Inference.Onnx;

namespace Sam3.Inference.Session;

/// <summary>
/// A tiny ONNX graph that picks the kept queries' planes out of <c>pred_masks</c> where the model
/// left it: masks [R, Q, Hm, Wm] flattened to [R·Q, Hm·Wm], then Gather on axis 0 with the flat
/// indices row·Q + query, giving [K, Hm·Wm]. Run on the model's own execution provider through IO
/// binding, it reads the masks in device memory and writes only K planes to the output bound in
/// host memory, instead of the whole tensor crossing to the host. One run at a time.
/// </summary>
internal sealed class MaskGather : IDisposable
{
    public const string MasksInput = "masks";
    public const string IndexInput = "index";
    public const string KeptOutput = "kept";

    private readonly InferenceSession session;
    private readonly OrtIoBinding binding;
    private readonly RunOptions runOptions = new();

    /// <param name="options">The model session's options: the same execution provider and device.</param>
    public MaskGather(SessionOptions options)
    {
        session = new InferenceSession(Graph(), options);
        binding = session.CreateIoBinding();
    }

    /// <summary>The graph as ONNX bytes; every dim symbolic.</summary>
    public static byte[] Graph()
    {
        var g = new OnnxModelBuilder("sam3_mask_gather");
        var masks = g.Input(MasksInput, OnnxDataType.Float, "R", "Q", "Hm", "Wm");
        var index = g.Input(IndexInput, OnnxDataType.Int64, "K");
        var planes = g.Node("Flatten", [masks], OnnxAttribute.Int("axis", 2));
        g.NodeTo("Gather", [planes, index], KeptOutput, OnnxAttribute.Int("axis", 0));
        g.Output(KeptOutput, OnnxDataType.Float, "K", "HW");
        return g.ToBytes();
    }

    /// <summary>
    /// Writes planes <paramref name="index"/> (int64 [K], flat row·Q + query) of
    /// <paramref name="masks"/> into <paramref name="kept"/> ([K, Hm·Wm], preallocated).
    /// </summary>
    public void Run(OrtValue masks, OrtValue index, OrtValue kept)
    {
        binding.ClearBoundInputs();
        binding.ClearBoundOutputs();
        binding.BindInput(MasksInput, masks);
        binding.BindInput(IndexInput, index);
        binding.BindOutput(KeptOutput, kept);
        try
        {
            session.RunWithBinding(runOptions, binding);
            binding.SynchronizeBoundOutputs();
        }
        finally
        {
            binding.ClearBoundInputs();
        }
    }

    public void Dispose()
    {
        binding.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}
