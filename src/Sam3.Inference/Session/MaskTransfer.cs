namespace Sam3.Inference.Session;

/// <summary>How <c>pred_masks</c> ([B·P, Q, Hm, Wm], 66 MB per row in SAM3) reaches the decoder.</summary>
public enum MaskTransfer
{
    /// <summary><see cref="Gather"/> on CUDA, <see cref="Whole"/> on the CPU.</summary>
    Auto,

    /// <summary>Every query's mask lands in host memory (on the CPU the model writes it there in place).</summary>
    Whole,

    /// <summary>
    /// The masks stay where the model wrote them; a second, tiny graph on the same execution
    /// provider gathers the kept queries' planes and only those reach host memory.
    /// </summary>
    Gather,
}
