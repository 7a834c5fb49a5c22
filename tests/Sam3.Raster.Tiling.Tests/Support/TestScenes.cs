using System.Runtime.InteropServices;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Writing;

namespace Sam3.Raster.Tiling.Tests.Support;

/// <summary>What a synthetic scene looks like; <see cref="Value"/> gives band (1-based), col, row → pixel value.</summary>
public sealed record SceneSpec(int Width, int Height, int Bands, GdalDataType Type, Func<int, int, int, double> Value)
{
    public GeoTransform? GeoTransform { get; init; } = new(500000, 10, 0, 7000000, 0, -10);

    public int? Epsg { get; init; } = 32633;

    public double? NoData { get; init; }

    public ColorInterpretation[]? ColorInterpretations { get; init; }

    public string[] CreationOptions { get; init; } = ["TILED=YES"];
}

/// <summary>Writes synthetic GeoTIFFs through GDAL's C API, so tests own exactly what is in a scene.</summary>
public static class TestScenes
{
    /// <summary>A smooth, band-dependent pattern that makes misplaced windows or swapped bands visible.</summary>
    public static double Pattern(int band, int col, int row, double range) =>
        ((col * 7) + (row * 13) + (band * 101) + ((col * row) % 97)) % range;

    public static string Create(string path, SceneSpec spec)
    {
        using var srs = spec.Epsg is int epsg ? SpatialReference.FromEpsg(epsg) : null;
        using var writer = GeoTiffWriter.Create(path, spec.Width, spec.Height, spec.Bands, spec.Type, spec.GeoTransform, srs, spec.CreationOptions);
        var row = new double[spec.Width];
        for (int b = 1; b <= spec.Bands; b++)
        {
            if (spec.NoData is double nd)
            {
                writer.SetNoData(b, nd);
            }

            if (spec.ColorInterpretations is { } ci)
            {
                writer.SetColorInterpretation(b, ci[b - 1]);
            }

            for (int r = 0; r < spec.Height; r++)
            {
                for (int c = 0; c < spec.Width; c++)
                {
                    row[c] = spec.Value(b, c, r);
                }

                writer.WriteRows(b, r, 1, row);
            }
        }

        return path;
    }

    /// <summary>Reads a window the independent way: gdal_translate -srcwin to raw ENVI float32 (band-sequential = CHW).</summary>
    public static float[] TranslateWindow(string source, PixelWindow window, int[] bands, string tempDir)
    {
        var output = Path.Combine(tempDir, $"ref-{Guid.NewGuid():N}.img");
        // INTERLEAVE=BSQ: ENVI otherwise keeps the source's (often pixel) interleaving. -a_ullr drops a
        // rotated geotransform, which ENVI's header cannot hold; only the pixels matter here.
        var args = new List<string>
        {
            "-q", "-of", "ENVI", "-co", "INTERLEAVE=BSQ", "-ot", "Float32",
            "-srcwin", $"{window.Col}", $"{window.Row}", $"{window.Width}", $"{window.Height}",
            "-a_ullr", "0", $"{window.Height}", $"{window.Width}", "0",
        };
        foreach (var b in bands)
        {
            args.Add("-b");
            args.Add($"{b}");
        }

        args.Add(source);
        args.Add(output);
        TestSupport.ProcessRunner.RunChecked("gdal_translate", [.. args]);
        var bytes = File.ReadAllBytes(output);
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
