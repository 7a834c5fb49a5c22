using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Tiling.Reading;

/// <summary>
/// A scene shrunk to at most <c>maxSide</c> pixels on its longer side, as bytes per band (bands 1–3,
/// or band 1 three times; values clamped to 0–255): the base image of quicklooks and of the
/// dashboard's map. Nearest-neighbour, read in strips so memory stays small for any scene.
/// </summary>
public sealed record DownsampledRgb(int Width, int Height, byte[] Red, byte[] Green, byte[] Blue)
{
    public static DownsampledRgb Read(RasterDataset scene, int maxSide)
    {
        const int strip = 128;
        int width = scene.Width, height = scene.Height;
        double scale = Math.Min(1.0, maxSide / (double)Math.Max(width, height));
        int w = Math.Max(1, (int)(width * scale));
        int h = Math.Max(1, (int)(height * scale));
        int[] bandMap = scene.BandCount >= 3 ? [1, 2, 3] : [1, 1, 1];
        var bands = new[] { new byte[w * h], new byte[w * h], new byte[w * h] };
        var buffer = new float[3 * width * strip];
        int loaded = -1;
        for (int y = 0; y < h; y++)
        {
            int row = (int)((y + 0.5) * height / h);
            int stripStart = row / strip * strip;
            if (stripStart != loaded)
            {
                int rows = Math.Min(strip, height - stripStart);
                scene.ReadFloat32(new PixelWindow(0, stripStart, width, rows), bandMap, buffer, width, width * strip);
                loaded = stripStart;
            }

            for (int x = 0; x < w; x++)
            {
                int col = (int)((x + 0.5) * width / w);
                for (int b = 0; b < 3; b++)
                {
                    bands[b][(y * w) + x] = (byte)Math.Clamp(buffer[(b * width * strip) + ((row - stripStart) * width) + col], 0, 255);
                }
            }
        }

        return new DownsampledRgb(w, h, bands[0], bands[1], bands[2]);
    }
}
