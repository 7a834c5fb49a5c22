using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Geo;
using SkiaSharp;

namespace Sam3.Raster.Cli.Demo;

/// <summary>A PNG of the scene (downsampled) with the features of a GeoParquet output drawn over it, one colour per prompt.</summary>
internal static class Quicklook
{
    private const int MaxSide = 1500;

    private static readonly SKColor[] PromptColors = [SKColors.Yellow, SKColors.Cyan, SKColors.Magenta, SKColors.Orange, SKColors.Lime];

    public static string Write(string scenePath, string parquetPath, string pngPath, IReadOnlyList<string> prompts)
    {
        using var scene = RasterDataset.Open(scenePath, allowUngeoreferenced: true);
        int width = scene.Width, height = scene.Height;
        double scale = Math.Min(1.0, MaxSide / (double)Math.Max(width, height));
        int w = Math.Max(1, (int)(width * scale));
        int h = Math.Max(1, (int)(height * scale));
        var transform = scene.GeoTransform;
        byte[][] bands = ReadDownsampled(scene, w, h);

        using var bitmap = new SKBitmap(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                bitmap.SetPixel(x, y, new SKColor(bands[0][i], bands[1][i], bands[2][i]));
            }
        }

        var inverse = transform.Inverse;
        double sx = w / (double)width, sy = h / (double)height;
        using (var canvas = new SKCanvas(bitmap))
        {
            foreach (var (geometry, prompt) in GeoParquetFeatures.Read(parquetPath))
            {
                var color = PromptColors[Math.Max(0, prompts.ToList().IndexOf(prompt)) % PromptColors.Length];
                using var path = ToPath(geometry, inverse, sx, sy);
                using var fill = new SKPaint { Color = color.WithAlpha(70), Style = SKPaintStyle.Fill, IsAntialias = true };
                using var stroke = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = true };
                canvas.DrawPath(path, fill);
                canvas.DrawPath(path, stroke);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 90);
        using (var file = File.Create(pngPath))
        {
            data.SaveTo(file);
        }

        return pngPath;
    }

    private static SKPath ToPath(NetTopologySuite.Geometries.Geometry geometry, GeoTransform toPixel, double sx, double sy)
    {
        var path = new SKPath { FillType = SKPathFillType.EvenOdd };
        for (int g = 0; g < geometry.NumGeometries; g++)
        {
            if (geometry.GetGeometryN(g) is not Polygon polygon)
            {
                continue;
            }

            foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
            {
                var coords = ring.Coordinates;
                for (int i = 0; i < coords.Length; i++)
                {
                    var (col, row) = toPixel.ToWorld(coords[i].X, coords[i].Y);
                    float x = (float)(col * sx), y = (float)(row * sy);
                    if (i == 0)
                    {
                        path.MoveTo(x, y);
                    }
                    else
                    {
                        path.LineTo(x, y);
                    }
                }

                path.Close();
            }
        }

        return path;
    }

    /// <summary>Nearest-neighbour downsampling of bands 1–3, read in strips so memory stays small for any scene.</summary>
    private static byte[][] ReadDownsampled(RasterDataset scene, int w, int h)
    {
        const int strip = 128;
        int width = scene.Width, height = scene.Height;
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

        return bands;
    }
}
