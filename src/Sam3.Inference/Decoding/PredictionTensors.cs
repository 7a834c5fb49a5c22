namespace Sam3.Inference.Decoding;

/// <summary>
/// The four model outputs for one run, as flat spans with their sizes (read from the output
/// shapes): rows = B·P, row k pairs image k / P with prompt k % P.
/// </summary>
public readonly ref struct PredictionTensors
{
    public PredictionTensors(ReadOnlySpan<float> logits, ReadOnlySpan<float> boxes, ReadOnlySpan<float> masks, ReadOnlySpan<float> presence,
        int rows, int queries, int maskHeight, int maskWidth)
    {
        if (logits.Length != rows * queries || boxes.Length != rows * queries * 4 || presence.Length != rows
            || masks.Length != (long)rows * queries * maskHeight * maskWidth)
        {
            throw new ArgumentException($"prediction tensors do not agree with rows={rows}, queries={queries}, mask={maskHeight}x{maskWidth}");
        }

        Logits = logits;
        Boxes = boxes;
        Masks = masks;
        Presence = presence;
        Rows = rows;
        Queries = queries;
        MaskHeight = maskHeight;
        MaskWidth = maskWidth;
    }

    public ReadOnlySpan<float> Logits { get; }

    public ReadOnlySpan<float> Boxes { get; }

    public ReadOnlySpan<float> Masks { get; }

    public ReadOnlySpan<float> Presence { get; }

    public int Rows { get; }

    public int Queries { get; }

    public int MaskHeight { get; }

    public int MaskWidth { get; }
}
