using System.Numerics;
using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Tiling.Reading;

// Fill(PatchValues.Fill) says which value is meant; Clear() would hide it behind its being 0 today.
#pragma warning disable CA1855

/// <summary>
/// Fills model patches: a tile's window of the selected bands, read by GDAL straight into a 3×T×T
/// float32 CHW buffer (T = tile size) at its top-left, scaled in place to [−1, 1]; nodata pixels and
/// padding get <see cref="PatchValues.Fill"/>. The scaling is scene-wide (<see cref="SceneStretch"/>),
/// computed once here. Like its dataset, a reader is for one thread at a time: open one dataset and
/// one reader per reader thread.
/// </summary>
public sealed class PatchReader
{
    private readonly RasterDataset dataset;
    private readonly int[] channelBands;
    private readonly BandScaling[] scaling;
    private readonly float?[] noData;

    /// <summary>Per channel: the band whose GDAL mask must be read (alpha, mask file), or 0.</summary>
    private readonly int[] maskBandOf;

    /// <summary>Byte, UInt16 or Int16 when every channel band has that type (read natively, widened in place); else Unknown.</summary>
    private readonly GdalDataType narrowType;
    private byte[] mask = [];

    public PatchReader(RasterDataset dataset, BandSelection bands, int tileSize, IReadOnlyList<BandScaling>? scaling = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tileSize, 1);
        this.dataset = dataset;
        TileSize = tileSize;
        channelBands = bands.ChannelBands;
        this.scaling = scaling?.ToArray() ?? SceneStretch.Compute(dataset, bands);
        if (this.scaling.Length != BandSelection.Channels)
        {
            throw new ArgumentException($"one scaling per channel is needed, got {this.scaling.Length}", nameof(scaling));
        }

        var infos = channelBands.Select(b => dataset.Bands[b - 1]).ToArray();
        var type = infos[0].DataType;
        narrowType = type is GdalDataType.Byte or GdalDataType.UInt16 or GdalDataType.Int16 && infos.All(i => i.DataType == type)
            ? type
            : GdalDataType.Unknown;

        // A nodata value is cheapest checked on the raw value in the scaling loop; other masks
        // (alpha, per-dataset or mask-file) need GDAL's mask band.
        noData = infos.Select(i => i.MaskFlags.HasFlag(MaskFlags.NoData) && i.NoDataValue is double v ? (float?)(float)v : null).ToArray();
        maskBandOf = infos.Select(i => i.HasMask && !i.MaskFlags.HasFlag(MaskFlags.NoData) ? i.Index : 0).ToArray();
    }

    public int TileSize { get; }

    /// <summary>Floats in one patch: 3 × T × T.</summary>
    public int PatchLength => BandSelection.Channels * TileSize * TileSize;

    /// <summary>The scaling applied to channels R, G, B.</summary>
    public IReadOnlyList<BandScaling> Scaling => scaling;

    public void Read(Tile tile, Span<float> chw) => Read(tile.Window, chw);

    public void Read(PixelWindow window, Span<float> chw)
    {
        int t = TileSize, plane = t * t;
        if (window.Width > t || window.Height > t)
        {
            throw new ArgumentException($"{window} is larger than the {t}-px patch", nameof(window));
        }

        if (chw.Length < PatchLength)
        {
            throw new ArgumentException($"a patch needs {PatchLength} floats, the buffer has {chw.Length}", nameof(chw));
        }

        if (narrowType != GdalDataType.Unknown)
        {
            ReadNarrowWidened(window, chw);
        }
        else
        {
            // One GDAL call for all three channels; line spacing = T leaves padding columns untouched.
            dataset.ReadFloat32(window, channelBands, chw, t, plane);
            int w = window.Width, h = window.Height;
            for (int c = 0; c < BandSelection.Channels; c++)
            {
                var channel = chw.Slice(c * plane, plane);
                var (scale, offset) = (scaling[c].Scale, scaling[c].Offset);
                if (w == t)
                {
                    Transform(channel[..(h * t)], scale, offset, noData[c]);
                }
                else
                {
                    for (int r = 0; r < h; r++)
                    {
                        Transform(channel.Slice(r * t, w), scale, offset, noData[c]);
                    }
                }
            }
        }

        FillPadding(window, chw);
        ApplyMasks(window, chw);
    }

    /// <summary>
    /// Byte and 16-bit scenes: GDAL reads those types faster than it converts them to
    /// Float32 (docs/BENCHMARKS.md), so it reads them natively into the top of each channel's own float plane (one call,
    /// no scratch buffer), and one SIMD pass widens and scales them forward into the same plane.
    /// With k-byte samples stored from byte (4 − k)·T² on, writing float i touches bytes
    /// [4i, 4i + 4), always below the unread samples, so nothing unread is overwritten.
    /// </summary>
    private unsafe void ReadNarrowWidened(PixelWindow window, Span<float> chw)
    {
        int t = TileSize, plane = t * t, w = window.Width, h = window.Height;
        int k = narrowType == GdalDataType.Byte ? 1 : 2;
        fixed (float* p = chw)
        {
            byte* samples = (byte*)p + ((long)(sizeof(float) - k) * plane);
            dataset.ReadRaw(window, channelBands, samples, narrowType, k, k * t, plane * sizeof(float));
            for (int c = 0; c < BandSelection.Channels; c++)
            {
                float* channel = p + ((long)c * plane);
                byte* source = samples + ((long)c * plane * sizeof(float));
                var (scale, offset) = (scaling[c].Scale, scaling[c].Offset);
                int rows = w == t ? 1 : h, length = w == t ? h * t : w;
                for (int r = 0; r < rows; r++)
                {
                    long at = (long)r * t;
                    switch (narrowType)
                    {
                        case GdalDataType.Byte:
                            WidenInPlace(source + at, channel + at, length, scale, offset, noData[c]);
                            break;
                        case GdalDataType.UInt16:
                            WidenInPlace((ushort*)source + at, channel + at, length, scale, offset, noData[c]);
                            break;
                        default:
                            WidenInPlace((short*)source + at, channel + at, length, scale, offset, noData[c]);
                            break;
                    }
                }
            }
        }
    }

    /// <summary>Padding right of and below the window (scenes smaller than a tile).</summary>
    private void FillPadding(PixelWindow window, Span<float> chw)
    {
        int t = TileSize, plane = t * t, w = window.Width, h = window.Height;
        for (int c = 0; c < BandSelection.Channels; c++)
        {
            var channel = chw.Slice(c * plane, plane);
            if (w < t)
            {
                for (int r = 0; r < h; r++)
                {
                    channel.Slice((r * t) + w, t - w).Fill(PatchValues.Fill);
                }
            }

            channel[(h * t)..].Fill(PatchValues.Fill);
        }
    }

    /// <summary>Blanks pixels that GDAL's mask band (alpha, mask file) says are invalid.</summary>
    private void ApplyMasks(PixelWindow window, Span<float> chw)
    {
        int t = TileSize, plane = t * t, w = window.Width;
        for (int c = 0; c < BandSelection.Channels; c++)
        {
            int band = maskBandOf[c];
            if (band == 0 || Array.IndexOf(maskBandOf, band) < c)
            {
                continue; // no mask, or this band's mask was applied with an earlier channel
            }

            int n = checked((int)window.Area);
            if (mask.Length < n)
            {
                mask = new byte[n];
            }

            var m = mask.AsSpan(0, n);
            dataset.ReadMask(band, window, m, w);
            for (int r = 0; r < window.Height; r++)
            {
                var row = m.Slice(r * w, w);
                int at = 0;
                while (at < w)
                {
                    int start = row[at..].IndexOf((byte)0);
                    if (start < 0)
                    {
                        break;
                    }

                    start += at;
                    int len = row[start..].IndexOfAnyExcept((byte)0);
                    int end = len < 0 ? w : start + len;
                    for (int k = c; k < BandSelection.Channels; k++)
                    {
                        if (maskBandOf[k] == band)
                        {
                            chw.Slice((k * plane) + (r * t) + start, end - start).Fill(PatchValues.Fill);
                        }
                    }

                    at = end;
                }
            }
        }
    }

    /// <summary>
    /// dst[i] = scaled(src[i]) for i ascending, where src may lie inside dst's own memory above it:
    /// each block of bytes is loaded completely before its floats are stored.
    /// </summary>
    internal static unsafe void WidenInPlace(byte* src, float* dst, int n, float scale, float offset, float? noData)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<byte>.Count)
        {
            var k = new ScaleConstants(scale, offset, noData);
            int step = Vector<byte>.Count, quarter = Vector<float>.Count;
            for (; i <= n - step; i += step)
            {
                Vector.Widen(Vector.Load(src + i), out var s0, out var s1);
                Vector.Widen(s0, out var u0, out var u1);
                Vector.Widen(s1, out var u2, out var u3);
                k.Apply(Vector.ConvertToSingle(Vector.AsVectorInt32(u0))).Store(dst + i);
                k.Apply(Vector.ConvertToSingle(Vector.AsVectorInt32(u1))).Store(dst + i + quarter);
                k.Apply(Vector.ConvertToSingle(Vector.AsVectorInt32(u2))).Store(dst + i + (2 * quarter));
                k.Apply(Vector.ConvertToSingle(Vector.AsVectorInt32(u3))).Store(dst + i + (3 * quarter));
            }
        }

        for (; i < n; i++)
        {
            dst[i] = ScaleOne(src[i], scale, offset, noData);
        }
    }

    /// <summary>As the Byte overload, for UInt16 samples (stored from byte 2·T² of the plane on).</summary>
    internal static unsafe void WidenInPlace(ushort* src, float* dst, int n, float scale, float offset, float? noData)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<ushort>.Count)
        {
            var k = new ScaleConstants(scale, offset, noData);
            int step = Vector<ushort>.Count, half = Vector<float>.Count;
            for (; i <= n - step; i += step)
            {
                Vector.Widen(Vector.Load(src + i), out var u0, out var u1);
                k.Apply(Vector.ConvertToSingle(Vector.AsVectorInt32(u0))).Store(dst + i);
                k.Apply(Vector.ConvertToSingle(Vector.AsVectorInt32(u1))).Store(dst + i + half);
            }
        }

        for (; i < n; i++)
        {
            dst[i] = ScaleOne(src[i], scale, offset, noData);
        }
    }

    /// <summary>As the Byte overload, for Int16 samples.</summary>
    internal static unsafe void WidenInPlace(short* src, float* dst, int n, float scale, float offset, float? noData)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<short>.Count)
        {
            var k = new ScaleConstants(scale, offset, noData);
            int step = Vector<short>.Count, half = Vector<float>.Count;
            for (; i <= n - step; i += step)
            {
                Vector.Widen(Vector.Load(src + i), out var s0, out var s1);
                k.Apply(Vector.ConvertToSingle(s0)).Store(dst + i);
                k.Apply(Vector.ConvertToSingle(s1)).Store(dst + i + half);
            }
        }

        for (; i < n; i++)
        {
            dst[i] = ScaleOne(src[i], scale, offset, noData);
        }
    }

    /// <summary>
    /// out = clamp(raw·scale + offset, −1, 1), and <see cref="PatchValues.Fill"/> where raw is NaN
    /// or the nodata value; SIMD over the span, in place, so the read stays close to GDAL's speed.
    /// </summary>
    internal static void Transform(Span<float> data, float scale, float offset, float? noData)
    {
        ref float start = ref MemoryMarshal.GetReference(data);
        int n = data.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var k = new ScaleConstants(scale, offset, noData);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = Vector.LoadUnsafe(ref start, (nuint)i);
                var notNaN = Vector.Equals(v, v);
                Vector.ConditionalSelect(notNaN, k.Apply(v), k.Fill).StoreUnsafe(ref start, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            data[i] = ScaleOne(data[i], scale, offset, noData);
        }
    }

    /// <summary>The scalar form of <see cref="ScaleConstants.Apply"/>, NaN included: for the tail of each span.</summary>
    private static float ScaleOne(float v, float scale, float offset, float? noData) =>
        float.IsNaN(v) || v == noData ? PatchValues.Fill : Math.Clamp((v * scale) + offset, -1f, 1f);

    /// <summary>The vectors of one scaling: clamp(v·scale + offset, −1, 1), the fill where v is the nodata value.</summary>
    private readonly struct ScaleConstants(float scale, float offset, float? noData)
    {
        private readonly Vector<float> scale = new(scale);
        private readonly Vector<float> offset = new(offset);
        private readonly Vector<float> low = new(-1f);
        private readonly Vector<float> high = new(1f);
        private readonly bool hasNoData = noData.HasValue;
        private readonly Vector<float> noData = new(noData ?? 0f);

        public Vector<float> Fill { get; } = new(PatchValues.Fill);

        public Vector<float> Apply(Vector<float> v)
        {
            var s = Vector.Min(Vector.Max((v * scale) + offset, low), high);
            return hasNoData ? Vector.ConditionalSelect(Vector.Equals(v, noData), Fill, s) : s;
        }
    }
}
