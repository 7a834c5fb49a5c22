using System.Globalization;

namespace Sam3.Raster.Actors.Jobs;

/// <summary>
/// The checks of a job's options, wherever the job comes from (<c>run</c>, <c>submit</c>, <c>POST /jobs</c>):
/// each problem is an <see cref="ArgumentException"/> with one line naming the option.
/// </summary>
public static class JobOptionChecks
{
    /// <summary>--tile and --overlap against the job's rules (<see cref="TileSettings.Problem"/>).</summary>
    public static TileSettings Tiles(int tileSize, int overlap)
    {
        var tiles = new TileSettings(tileSize, overlap);
        if (tiles.TileSizeProblem() is { } size)
        {
            throw new ArgumentException($"--tile: {size}");
        }

        if (tiles.OverlapProblem() is { } overlapProblem)
        {
            throw new ArgumentException($"--overlap: {overlapProblem}");
        }

        return tiles;
    }

    public static float Threshold(float threshold) =>
        threshold is > 0 and < 1 ? threshold : throw new ArgumentException($"--threshold must be between 0 and 1, got {threshold.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>"3,2,1" → [3, 2, 1]: 1-based band numbers for the model's R, G, B.</summary>
    public static IReadOnlyList<int>? Bands(string? bands)
    {
        if (string.IsNullOrWhiteSpace(bands))
        {
            return null;
        }

        var parts = bands.Split(',', StringSplitOptions.TrimEntries);
        var list = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int band) || band < 1)
            {
                throw new ArgumentException($"--bands takes 1-based band numbers separated by commas (e.g. 3,2,1), got '{bands}'");
            }

            list.Add(band);
        }

        if (list.Count is not (1 or 3))
        {
            throw new ArgumentException($"--bands needs 3 bands (R,G,B) or 1 (grey), got {list.Count}");
        }

        return list;
    }
}
