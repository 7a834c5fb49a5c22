using System.Buffers;

namespace Sam3.Inference.Decoding;

/// <summary>
/// Bilinear upsampling of one mask-logit plane from Hm × Wm to the patch size with half-pixel
/// centres (PyTorch <c>interpolate(mode="bilinear", align_corners=False)</c>), thresholded at
/// logit &gt; 0. Separable: source indices and weights per output column and row are computed
/// once per (Hm, Wm, size); each call interpolates rows horizontally, then blends row pairs.
/// Only the output rectangle that a positive source cell can reach is computed, so a small
/// object costs little. Immutable after construction and scratch comes from the shared array
/// pool, so one instance may serve many threads.
/// </summary>
public sealed class MaskUpsampler
{
    private readonly int[] col0, col1, row0, row1;
    private readonly float[] colWeight, rowWeight;

    public MaskUpsampler(int sourceHeight, int sourceWidth, int size)
    {
        SourceHeight = sourceHeight;
        SourceWidth = sourceWidth;
        Size = size;
        (col0, col1, colWeight) = Plan(sourceWidth, size);
        (row0, row1, rowWeight) = Plan(sourceHeight, size);
    }

    public int SourceHeight { get; }

    public int SourceWidth { get; }

    public int Size { get; }

    /// <summary>The binary upsampled mask, cropped to its object pixels; null when it has none.</summary>
    public DetectionMask? Upsample(ReadOnlySpan<float> logits)
    {
        if (logits.Length != SourceHeight * SourceWidth)
        {
            throw new ArgumentException($"mask plane has {logits.Length} values, expected {SourceHeight}x{SourceWidth}", nameof(logits));
        }

        // Bilinear weights are convex: an output pixel can be > 0 only next to a positive source cell.
        if (!PositiveExtent(logits, out var sr0, out var sr1, out var sc0, out var sc1))
        {
            return null;
        }

        var (xa, xb) = Reach(col0, col1, sc0, sc1);
        var (ya, yb) = Reach(row0, row1, sr0, sr1);
        var width = xb - xa;
        var rowBase = row0[ya];
        var rowCount = row1[yb - 1] - rowBase + 1;
        var horizontal = ArrayPool<float>.Shared.Rent(rowCount * width);
        var binary = ArrayPool<byte>.Shared.Rent(width * (yb - ya));
        try
        {
            for (var r = 0; r < rowCount; r++)
            {
                var src = logits.Slice((rowBase + r) * SourceWidth, SourceWidth);
                var dst = horizontal.AsSpan(r * width, width);
                for (var x = 0; x < width; x++)
                {
                    var w = colWeight[xa + x];
                    dst[x] = ((1f - w) * src[col0[xa + x]]) + (w * src[col1[xa + x]]);
                }
            }

            int minX = int.MaxValue, maxX = -1, minY = int.MaxValue, maxY = -1;
            for (var y = ya; y < yb; y++)
            {
                var top = horizontal.AsSpan((row0[y] - rowBase) * width, width);
                var bottom = horizontal.AsSpan((row1[y] - rowBase) * width, width);
                var wy = rowWeight[y];
                var line = binary.AsSpan((y - ya) * width, width);
                var any = false;
                for (var x = 0; x < width; x++)
                {
                    var inside = ((1f - wy) * top[x]) + (wy * bottom[x]) > 0f;
                    line[x] = inside ? (byte)1 : (byte)0;
                    if (inside)
                    {
                        any = true;
                        minX = Math.Min(minX, x);
                        maxX = Math.Max(maxX, x);
                    }
                }

                if (any)
                {
                    minY = Math.Min(minY, y - ya);
                    maxY = y - ya;
                }
            }

            if (maxY < 0)
            {
                return null;
            }

            var cropWidth = maxX - minX + 1;
            var cropHeight = maxY - minY + 1;
            var pixels = new byte[cropWidth * cropHeight];
            for (var y = 0; y < cropHeight; y++)
            {
                binary.AsSpan(((minY + y) * width) + minX, cropWidth).CopyTo(pixels.AsSpan(y * cropWidth, cropWidth));
            }

            return new DetectionMask(xa + minX, ya + minY, cropWidth, cropHeight, pixels);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(horizontal);
            ArrayPool<byte>.Shared.Return(binary);
        }
    }

    /// <summary>
    /// Per output index: the two source indices and the weight of the second, exactly as
    /// PyTorch's <c>area_pixel_compute_source_index</c> (negative sources clamp to 0).
    /// </summary>
    private static (int[] I0, int[] I1, float[] W) Plan(int sourceSize, int size)
    {
        var i0 = new int[size];
        var i1 = new int[size];
        var weight = new float[size];
        var scale = (float)sourceSize / size;
        for (var d = 0; d < size; d++)
        {
            var src = Math.Max(0f, (scale * (d + 0.5f)) - 0.5f);
            var lo = Math.Min((int)src, sourceSize - 1);
            i0[d] = lo;
            i1[d] = lo < sourceSize - 1 ? lo + 1 : lo;
            weight[d] = src - lo;
        }

        return (i0, i1, weight);
    }

    /// <summary>Output index range [from, to) whose two source indices touch [lo, hi].</summary>
    private static (int From, int To) Reach(int[] i0, int[] i1, int lo, int hi)
    {
        var from = 0;
        while (i1[from] < lo)
        {
            from++;
        }

        var to = i0.Length;
        while (i0[to - 1] > hi)
        {
            to--;
        }

        return (from, to);
    }

    private bool PositiveExtent(ReadOnlySpan<float> logits, out int r0, out int r1, out int c0, out int c1)
    {
        (r0, r1, c0, c1) = (int.MaxValue, -1, int.MaxValue, -1);
        for (var r = 0; r < SourceHeight; r++)
        {
            var row = logits.Slice(r * SourceWidth, SourceWidth);
            var first = row.IndexOfAnyExceptInRange(float.NegativeInfinity, 0f);
            if (first < 0)
            {
                continue;
            }

            var last = row.LastIndexOfAnyExceptInRange(float.NegativeInfinity, 0f);
            r0 = Math.Min(r0, r);
            r1 = r;
            c0 = Math.Min(c0, first);
            c1 = Math.Max(c1, last);
        }

        return r1 >= 0;
    }
}
