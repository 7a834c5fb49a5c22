using System.Collections.Concurrent;

namespace Sam3.Inference.Decoding;

/// <summary>
/// SAM3's post-processing as pure functions over the output tensors: score = σ(logit)·σ(presence),
/// keep score &gt; threshold, boxes to pixel corners, and masks of kept queries only upsampled to
/// the patch and thresholded at logit &gt; 0. Upsampling plans are cached per mask size.
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
        if (promptCount < 1 || tensors.Rows % promptCount != 0)
        {
            throw new ArgumentException($"{tensors.Rows} output rows cannot pair images with {promptCount} prompts", nameof(promptCount));
        }

        var detections = new List<Detection>();
        var plane = tensors.MaskHeight * tensors.MaskWidth;
        MaskUpsampler? upsampler = null;
        for (var k = 0; k < tensors.Rows; k++)
        {
            var presence = Sigmoid(tensors.Presence[k]);
            for (var q = 0; q < tensors.Queries; q++)
            {
                var i = (k * tensors.Queries) + q;
                var score = Sigmoid(tensors.Logits[i]) * presence;
                if (!(score > threshold))
                {
                    continue;
                }

                var b = tensors.Boxes.Slice(i * 4, 4);
                upsampler ??= UpsamplerFor(tensors.MaskHeight, tensors.MaskWidth, patchSize);
                var mask = upsampler.Upsample(tensors.Masks.Slice(i * plane, plane));
                detections.Add(new Detection(k / promptCount, k % promptCount, q, score,
                    PixelBox.FromNormalizedCenter(b[0], b[1], b[2], b[3], patchSize), mask));
            }
        }

        return detections;
    }
}
