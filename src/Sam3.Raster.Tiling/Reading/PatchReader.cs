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
                    var row = channel.Slice(r * t, t);
                    Transform(row[..w], scale, offset, noData[c]);
                    row[w..].Fill(PatchValues.Fill);
                }
            }

            channel[(h * t)..].Fill(PatchValues.Fill);
        }

        ApplyMasks(window, chw);
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
    /// out = clamp(raw·scale + offset, −1, 1), and <see cref="PatchValues.Fill"/> where raw is NaN
    /// or the nodata value; SIMD over the span, in place, so the read stays close to GDAL's speed.
    /// </summary>
    internal static void Transform(Span<float> data, float scale, float offset, float? noData)
    {
        ref float start = ref MemoryMarshal.GetReference(data);
        int n = data.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var vs = new Vector<float>(scale);
            var vo = new Vector<float>(offset);
            var lo = new Vector<float>(-1f);
            var hi = new Vector<float>(1f);
            var fill = new Vector<float>(PatchValues.Fill);
            bool hasNoData = noData.HasValue;
            var nd = new Vector<float>(noData ?? 0f);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = Vector.LoadUnsafe(ref start, (nuint)i);
                var s = Vector.Min(Vector.Max((v * vs) + vo, lo), hi);
                var valid = Vector.Equals(v, v); // false for NaN
                if (hasNoData)
                {
                    valid = Vector.AndNot(valid, Vector.Equals(v, nd));
                }

                Vector.ConditionalSelect(valid, s, fill).StoreUnsafe(ref start, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float v = data[i];
            data[i] = float.IsNaN(v) || v == noData ? PatchValues.Fill : Math.Clamp((v * scale) + offset, -1f, 1f);
        }
    }
}
