using System.Collections.Concurrent;

namespace Sam3.Inference.Decoding;

/// <summary>
/// SAM3's post-processing as pure functions over the output tensors: score = σ(logit)·σ(presence),
/// keep score &gt; threshold, boxes to pixel corners, and masks of kept queries only upsampled to
/// the patch and thresholded at logit &gt; 0. Upsampling plans are cached per mask size.
/// Two ways in, with the same answers: every query's mask at hand (<see cref="PredictionTensors"/>),
/// or <see cref="Keep"/> first and then only the kept queries' masks, gathered in kept order
/// (what a GPU sends back when <c>pred_masks</c> stays on the device).
/// </summary>
public static class DetectionDecoder
{
    public const float DefaultThreshold = 0.5f;

    private static readonly ConcurrentDictionary<(int, int, int), MaskUpsampler> Upsamplers = new();

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    public static MaskUpsampler UpsamplerFor(int maskHeight, int maskWidth, int size) =>
        Upsamplers.GetOrAdd((maskHeight, maskWidth, size), key => new MaskUpsampler(key.Item1, key.Item2, key.Item3));

    /// <summary>Every kept query of every (image, prompt) row, in row then query order.</summary>
    public static List<Detection> Decode(PredictionTensors tensors, int promptCount, float threshold, int patchSize)
    {
        RequirePairing(tensors.Rows, promptCount);
        var kept = Keep(tensors.Logits, tensors.Presence, tensors.Rows, tensors.Queries, threshold);
        return Build(kept, tensors.Boxes, tensors.Masks, tensors.Queries, tensors.MaskHeight, tensors.MaskWidth, gathered: false, promptCount, patchSize);
    }

    /// <summary>
    /// As <see cref="Decode(PredictionTensors, int, float, int)"/> from the kept queries of
    /// <see cref="Keep"/> and their masks alone: <paramref name="keptMasks"/> holds kept[j]'s
    /// <paramref name="maskHeight"/> × <paramref name="maskWidth"/> logits at plane j.
    /// </summary>
    public static List<Detection> Decode(IReadOnlyList<KeptQuery> kept, ReadOnlySpan<float> boxes, ReadOnlySpan<float> keptMasks,
        int rows, int queries, int maskHeight, int maskWidth, int promptCount, int patchSize)
    {
        RequirePairing(rows, promptCount);
        if (boxes.Length != rows * queries * 4 || keptMasks.Length != (long)kept.Count * maskHeight * maskWidth)
        {
            throw new ArgumentException($"{kept.Count} kept masks of {maskHeight}x{maskWidth} and boxes of {rows}x{queries} do not agree with the spans given");
        }

        return Build(kept, boxes, keptMasks, queries, maskHeight, maskWidth, gathered: true, promptCount, patchSize);
    }

    /// <summary>The queries whose score passes <paramref name="threshold"/>, in row then query order.</summary>
    public static List<KeptQuery> Keep(ReadOnlySpan<float> logits, ReadOnlySpan<float> presence, int rows, int queries, float threshold)
    {
        if (logits.Length != rows * queries || presence.Length != rows)
        {
            throw new ArgumentException($"logits ({logits.Length}) and presence ({presence.Length}) do not agree with rows={rows}, queries={queries}");
        }

        var kept = new List<KeptQuery>();
        for (var k = 0; k < rows; k++)
        {
            var p = Sigmoid(presence[k]);
            for (var q = 0; q < queries; q++)
            {
                var score = Sigmoid(logits[(k * queries) + q]) * p;
                if (score > threshold)
                {
                    kept.Add(new KeptQuery(k, q, score));
                }
            }
        }

        return kept;
    }

    private static void RequirePairing(int rows, int promptCount)
    {
        if (promptCount < 1 || rows % promptCount != 0)
        {
            throw new ArgumentException($"{rows} output rows cannot pair images with {promptCount} prompts", nameof(promptCount));
        }
    }

    /// <summary>Kept query j's mask is plane j of <paramref name="masks"/> when gathered, else plane row·Q + query.</summary>
    private static List<Detection> Build(IReadOnlyList<KeptQuery> kept, ReadOnlySpan<float> boxes, ReadOnlySpan<float> masks,
        int queries, int maskHeight, int maskWidth, bool gathered, int promptCount, int patchSize)
    {
        var detections = new List<Detection>(kept.Count);
        if (kept.Count == 0)
        {
            return detections;
        }

        var plane = maskHeight * maskWidth;
        var upsampler = UpsamplerFor(maskHeight, maskWidth, patchSize);
        for (var j = 0; j < kept.Count; j++)
        {
            var (k, q, score) = kept[j];
            var i = (k * queries) + q;
            var b = boxes.Slice(i * 4, 4);
            var mask = upsampler.Upsample(masks.Slice((gathered ? j : i) * plane, plane));
            detections.Add(new Detection(k / promptCount, k % promptCount, q, score,
                PixelBox.FromNormalizedCenter(b[0], b[1], b[2], b[3], patchSize), mask));
        }

        return detections;
    }
}
