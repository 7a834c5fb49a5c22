using System.Numerics;
using System.Runtime.InteropServices;

namespace Sam3.Inference.Session;

/// <summary>
/// The model's input scaling: 8-bit values v (already in the CHW float buffer, e.g. read there by
/// GDAL) become (v/255 − 0.5)/0.5 = v/127.5 − 1, in place, vectorized.
/// </summary>
public static class PatchNormalization
{
    public static void NormalizeByteRangeInPlace(Span<float> chw)
    {
        var scale = new Vector<float>(1f / 127.5f);
        var one = Vector<float>.One;
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(chw);
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = (vectors[i] * scale) - one;
        }

        for (var i = vectors.Length * Vector<float>.Count; i < chw.Length; i++)
        {
            chw[i] = (chw[i] / 127.5f) - 1f;
        }
    }
}
