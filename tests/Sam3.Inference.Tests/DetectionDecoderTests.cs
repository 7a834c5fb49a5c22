using Sam3.Inference.Decoding;

namespace Sam3.Inference.Tests;

public sealed class DetectionDecoderTests
{
    [Fact]
    public void Hand_computed_example_scores_boxes_and_masks()
    {
        // B = 1, P = 2, Q = 2, masks 2×2, patch 4 px.
        float[] logits = [2f, -5f, 0f, 3f];
        float[] presence = [1f, 4f];
        float[] boxes =
        [
            0.5f, 0.5f, 0.5f, 1f, 0, 0, 0, 0,
            0, 0, 0, 0, 0.75f, 0.25f, 0.5f, 0.5f,
        ];
        float[] masks =
        [
            1, -1, -1, -1, /* row 0 q 1 */ 5, 5, 5, 5,
            5, 5, 5, 5, /* row 1 q 1 */ -1, -1, -1, 1,
        ];

        var detections = DetectionDecoder.Decode(new PredictionTensors(logits, boxes, masks, presence, 2, 2, 2, 2), promptCount: 2, threshold: 0.5f, patchSize: 4);

        // σ(2)σ(1) = 0.6439 kept; σ(−5)σ(1) no; σ(0)σ(4) = 0.4910 just below; σ(3)σ(4) = 0.9354 kept.
        Assert.Equal(2, detections.Count);
        var (first, second) = (detections[0], detections[1]);
        Assert.Equal((0, 0, 0), (first.Image, first.Prompt, first.Query));
        Assert.Equal(0.6439, first.Score, 4);
        Assert.Equal(new PixelBox(1, 0, 3, 4), first.Box);
        Assert.Equal((0, 1, 1), (second.Image, second.Prompt, second.Query));
        Assert.Equal(0.9354, second.Score, 4);
        Assert.Equal(new PixelBox(2, 0, 4, 2), second.Box);

        // Upsampling [[1,−1],[−1,−1]] ×2 with half-pixel centres: rows/cols weights 0, .25, .75, 1
        // give positives only in the top-left 2×2 (e.g. (1,1): .75·(.75·1 + .25·−1) + .25·−1 = .125).
        Assert.Equal(new DetectionMask(0, 0, 2, 2, [1, 1, 1, 1]), first.Mask, MaskComparer.Instance);
        Assert.Equal(new DetectionMask(2, 2, 2, 2, [1, 1, 1, 1]), second.Mask, MaskComparer.Instance);
    }

    [Fact]
    public void Masks_that_upsample_to_nothing_are_null()
    {
        var up = new MaskUpsampler(3, 3, 12);
        Assert.Null(up.Upsample(new float[9]));
        Assert.Null(up.Upsample(Enumerable.Repeat(-3f, 9).ToArray()));
    }

    [Theory]
    [InlineData(288, 288, 1008)]
    [InlineData(36, 52, 1008)]
    [InlineData(7, 5, 64)]
    public void Separable_upsampling_equals_per_pixel_bilinear_with_half_pixel_centres(int h, int w, int size)
    {
        var rng = new Random(42);
        var logits = new float[h * w];
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)(rng.NextDouble() * 2 - 1.2);
        }

        var mask = new MaskUpsampler(h, w, size).Upsample(logits);

        Assert.NotNull(mask);
        var mismatches = 0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var v = NaiveBilinear(logits, h, w, size, x, y);
                // Values within float32 rounding of zero may fall either way (seen: 1.05e-5).
                if (Math.Abs(v) > 1e-4 && (v > 0) != mask[x, y])
                {
                    mismatches++;
                }
            }
        }

        Assert.Equal(0, mismatches);
    }

    // Speed is measured by `scripts/bench.sh inference` (post-processing share), not by a timed test.
    [Fact]
    public void A_rectangle_upsampled_from_288_to_1008_keeps_its_extent_scaled_by_3_5()
    {
        var logits = new float[288 * 288];
        Array.Fill(logits, -4f);
        for (var r = 40; r < 240; r++)
        {
            for (var c = 30; c < 200; c++)
            {
                logits[(r * 288) + c] = 4f;
            }
        }

        var mask = DetectionDecoder.UpsamplerFor(288, 288, 1008).Upsample(logits);

        Assert.NotNull(mask);
        // Cells [30,200) x [40,240) cover pixels [105,700) x [140,840) at 3.5 px per cell; the
        // logit crosses zero half-way between cell centres, so the edges land within a pixel.
        Assert.InRange(mask.Col, 104, 106);
        Assert.InRange(mask.Row, 139, 141);
        Assert.InRange(mask.Col + mask.Width, 699, 701);
        Assert.InRange(mask.Row + mask.Height, 839, 841);
        Assert.True(mask[400, 500]);
        Assert.False(mask[50, 50]);
    }

    /// <summary>PyTorch's bilinear, align_corners=False, written per output pixel.</summary>
    private static double NaiveBilinear(float[] src, int h, int w, int size, int x, int y)
    {
        static (int, int, double) Index(int d, int n, int size)
        {
            var s = Math.Max(0, ((double)n / size * (d + 0.5)) - 0.5);
            var i0 = (int)s;
            var i1 = i0 < n - 1 ? i0 + 1 : i0;
            return (i0, i1, s - i0);
        }

        var (y0, y1, wy) = Index(y, h, size);
        var (x0, x1, wx) = Index(x, w, size);
        return ((1 - wy) * (((1 - wx) * src[(y0 * w) + x0]) + (wx * src[(y0 * w) + x1])))
            + (wy * (((1 - wx) * src[(y1 * w) + x0]) + (wx * src[(y1 * w) + x1])));
    }

    private sealed class MaskComparer : IEqualityComparer<DetectionMask?>
    {
        public static readonly MaskComparer Instance = new();

        public bool Equals(DetectionMask? a, DetectionMask? b) =>
            a is not null && b is not null && (a.Col, a.Row, a.Width, a.Height) == (b.Col, b.Row, b.Width, b.Height) && a.Pixels.SequenceEqual(b.Pixels);

        public int GetHashCode(DetectionMask? obj) => 0;
    }
}
