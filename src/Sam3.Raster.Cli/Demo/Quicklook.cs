using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Reading;
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
        var transform = scene.GeoTransform;
        var rgb = DownsampledRgb.Read(scene, MaxSide);
        int w = rgb.Width, h = rgb.Height;

        using var bitmap = new SKBitmap(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                bitmap.SetPixel(x, y, new SKColor(rgb.Red[i], rgb.Green[i], rgb.Blue[i]));
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
}
