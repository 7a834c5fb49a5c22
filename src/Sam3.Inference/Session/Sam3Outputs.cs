using Microsoft.ML.OnnxRuntime;
using Sam3.Inference.Contract;
using Sam3.Inference.Decoding;

namespace Sam3.Inference.Session;

/// <summary>
/// One run's outputs, in the session's reused output memory: readable until the session's next
/// run (then any read throws), so decode before running again. Logits, boxes and presence are in
/// host memory; the masks are too unless the session gathers them (<see cref="MasksOnHost"/>),
/// and <see cref="Decode"/> then brings only the kept queries' masks over.
/// </summary>
public sealed class Sam3Outputs : IDisposable
{
    private readonly BoundOutputs owner;
    private readonly long generation;
    private readonly OrtValue[] values;
    private readonly IDisposable? owned;
    private bool disposed;

    internal Sam3Outputs(BoundOutputs owner, long generation, OrtValue[] values, bool masksOnHost, IDisposable? owned)
    {
        this.owner = owner;
        this.generation = generation;
        this.values = values;
        this.owned = owned;
        MasksOnHost = masksOnHost;
        var shape = values[BoundOutputs.MasksIndex].GetTensorTypeAndShape().Shape; // [B·P, Q, Hm, Wm]
        Rows = checked((int)shape[0]);
        Queries = checked((int)shape[1]);
        MaskHeight = checked((int)shape[2]);
        MaskWidth = checked((int)shape[3]);
    }

    /// <summary>B·P: row k pairs image k / P with prompt k % P.</summary>
    public int Rows { get; }

    public int Queries { get; }

    public int MaskHeight { get; }

    public int MaskWidth { get; }

    /// <summary>Whether <see cref="Masks"/> can be read (false: they stay in device memory).</summary>
    public bool MasksOnHost { get; }

    /// <summary>pred_logits [B·P, Q, 1], flat.</summary>
    public ReadOnlySpan<float> Logits => Host(0);

    /// <summary>pred_boxes [B·P, Q, 4], flat.</summary>
    public ReadOnlySpan<float> Boxes => Host(1);

    /// <summary>pred_masks [B·P, Q, Hm, Wm], flat; only when <see cref="MasksOnHost"/>.</summary>
    public ReadOnlySpan<float> Masks => MasksOnHost ? Host(BoundOutputs.MasksIndex) : throw new InvalidOperationException("the masks stay in device memory: Decode gathers the kept ones");

    /// <summary>presence_logit_dec [B·P, 1], flat.</summary>
    public ReadOnlySpan<float> Presence => Host(3);

    /// <summary>The kept queries of every row (<see cref="DetectionDecoder"/>), masks gathered on the device when they stay there.</summary>
    public List<Detection> Decode(int promptCount, float threshold)
    {
        if (MasksOnHost)
        {
            return DetectionDecoder.Decode(
                new PredictionTensors(Logits, Boxes, Masks, Presence, Rows, Queries, MaskHeight, MaskWidth),
                promptCount, threshold, ModelContract.PatchSize);
        }

        var kept = DetectionDecoder.Keep(Logits, Presence, Rows, Queries, threshold);
        if (kept.Count == 0)
        {
            return DetectionDecoder.Decode(kept, Boxes, [], Rows, Queries, MaskHeight, MaskWidth, promptCount, ModelContract.PatchSize);
        }

        var index = new long[kept.Count];
        for (var j = 0; j < index.Length; j++)
        {
            index[j] = ((long)kept[j].Row * Queries) + kept[j].Query;
        }

        Live();
        var planes = owner.Gather(values[BoundOutputs.MasksIndex], index, MaskHeight * MaskWidth);
        return DetectionDecoder.Decode(kept, Boxes, planes, Rows, Queries, MaskHeight, MaskWidth, promptCount, ModelContract.PatchSize);
    }

    /// <summary>Nothing to free but a first run's own allocations: the memory is the session's, reused by its next run.</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            owned?.Dispose();
        }
    }

    private ReadOnlySpan<float> Host(int output)
    {
        Live();
        return values[output].GetTensorDataAsSpan<float>();
    }

    private void Live()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (owner.Generation != generation)
        {
            throw new InvalidOperationException("these outputs were overwritten by a later run of the session: decode before running again");
        }
    }
}
