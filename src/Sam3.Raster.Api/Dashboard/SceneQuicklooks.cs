using System.Collections.Concurrent;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Reading;
using SkiaSharp;

namespace Sam3.Raster.Api.Dashboard;

/// <summary>
/// The base image of the dashboard's map: a scene shrunk to <see cref="MaxSide"/> px as PNG (bands
/// 1–3, as the demo's quicklook), made once per scene path and kept. Drawn over the scene's lon/lat
/// bounds: exact for a north-up scene in a geographic CRS, close for a projected one (its grid
/// is slightly turned and curved on the map).
/// </summary>
public sealed class SceneQuicklooks
{
    public const int MaxSide = 1024;

    private readonly ConcurrentDictionary<string, Lazy<byte[]>> images = new(StringComparer.Ordinal);

    public byte[] Png(string scenePath)
    {
        var lazy = images.GetOrAdd(scenePath, p => new Lazy<byte[]>(() => Render(p)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            images.TryRemove(new KeyValuePair<string, Lazy<byte[]>>(scenePath, lazy));
            throw;
        }
    }

    private static byte[] Render(string path)
    {
        using var scene = RasterDataset.Open(path, allowUngeoreferenced: true);
        var rgb = DownsampledRgb.Read(scene, MaxSide);
        var pixels = new byte[rgb.Width * rgb.Height * 4];
        for (int i = 0; i < rgb.Width * rgb.Height; i++)
        {
            pixels[(i * 4) + 0] = rgb.Red[i];
            pixels[(i * 4) + 1] = rgb.Green[i];
            pixels[(i * 4) + 2] = rgb.Blue[i];
            pixels[(i * 4) + 3] = 255;
        }

        var info = new SKImageInfo(rgb.Width, rgb.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, pixels);
        using var png = image.Encode(SKEncodedImageFormat.Png, 90);
        return png.ToArray();
    }
}
