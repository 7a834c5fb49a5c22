using System.Collections.Concurrent;
using Sam3.Raster.Actors.Maps;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Reading;
using SkiaSharp;

namespace Sam3.Raster.Api.Dashboard;

/// <summary>
/// The base image of the dashboard's map: a scene (bands 1–3, shrunk as the demo's quicklook)
/// resampled onto the map's own grid over the scene's lon/lat bounds — columns even in longitude,
/// rows even in Web Mercator y, as Leaflet stretches an image overlay — so it lines up with the
/// tiles and features however the scene's CRS is turned against north. Outside the scene it is
/// transparent. Made once per scene path (nearest neighbour, at most <see cref="MaxSide"/> px) and kept.
/// </summary>
public sealed class SceneQuicklooks(SceneGeoCache scenes)
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

    private byte[] Render(string path)
    {
        var (geo, problem) = scenes.Get(path);
        if (geo is null)
        {
            throw new IOException(problem);
        }

        DownsampledRgb rgb;
        using (var scene = RasterDataset.Open(path, allowUngeoreferenced: true))
        {
            rgb = DownsampledRgb.Read(scene, MaxSide);
        }

        using var projection = new LonLatProjection(geo);
        var bounds = LonLatProjection.Bounds(projection.Footprint());
        double west = bounds[0], east = bounds[2];
        double south = MercatorY(bounds[1]), north = MercatorY(bounds[3]);
        double aspect = (east - west) * Math.PI / 180 / (north - south);
        int w = aspect >= 1 ? MaxSide : Math.Max(1, (int)Math.Round(MaxSide * aspect));
        int h = aspect >= 1 ? Math.Max(1, (int)Math.Round(MaxSide / aspect)) : MaxSide;
        double sx = rgb.Width / (double)geo.Width, sy = rgb.Height / (double)geo.Height;

        var pixels = new byte[w * h * 4];
        var cols = new double[w];
        var rows = new double[w];
        for (int y = 0; y < h; y++)
        {
            double lat = Latitude(north - ((y + 0.5) * (north - south) / h));
            for (int x = 0; x < w; x++)
            {
                cols[x] = west + ((x + 0.5) * (east - west) / w);
                rows[x] = lat;
            }

            projection.ToPixels(cols, rows);
            for (int x = 0; x < w; x++)
            {
                int c = (int)Math.Floor(cols[x] * sx), r = (int)Math.Floor(rows[x] * sy);
                if (c < 0 || r < 0 || c >= rgb.Width || r >= rgb.Height)
                {
                    continue; // outside the scene: stays transparent
                }

                int from = (r * rgb.Width) + c, to = ((y * w) + x) * 4;
                (pixels[to], pixels[to + 1], pixels[to + 2], pixels[to + 3]) = (rgb.Red[from], rgb.Green[from], rgb.Blue[from], 255);
            }
        }

        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var image = SKImage.FromPixelCopy(info, pixels);
        using var png = image.Encode(SKEncodedImageFormat.Png, 90);
        return png.ToArray();
    }

    private static double MercatorY(double latitude) => Math.Log(Math.Tan((Math.PI / 4) + (latitude * Math.PI / 360)));

    private static double Latitude(double mercatorY) => Math.Atan(Math.Sinh(mercatorY)) * 180 / Math.PI;
}
