using System.Diagnostics;
using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Tests.Support;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Tiling.Tests;

public sealed class LargeSceneMemoryTests(ITestOutputHelper output)
{
    private const long PeakBound = 1536L * 1024 * 1024;

    [Fact]
    public void Reading_every_tile_of_a_20000_px_scene_keeps_memory_flat()
    {
        var path = LargeScene.Get(20000, out var creation);
        output.WriteLine($"fixture {path} (creation {creation.TotalSeconds:F1} s, 0 = cached)");

        using var ds = RasterDataset.Open(path);
        var bands = BandSelection.Resolve(ds, null);
        var plan = TilePlanner.Plan(ds, bands, TileOptions.Default);
        Assert.Equal(529, plan.Tiles.Count);
        var reader = new PatchReader(ds, bands, 1008);
        var patch = new float[reader.PatchLength];

        var rssBefore = ProcStatus("VmRSS");
        var watch = Stopwatch.StartNew();
        double checksum = 0;
        long maxRss = 0;
        foreach (var tile in plan.NonEmpty)
        {
            reader.Read(tile, patch);
            checksum += patch[(tile.Id * 7919) % patch.Length];
            if (tile.Id % 25 == 0)
            {
                maxRss = Math.Max(maxRss, ProcStatus("VmRSS"));
            }
        }

        var peak = ProcStatus("VmHWM");
        output.WriteLine($"{plan.Tiles.Count} tiles in {watch.Elapsed.TotalSeconds:F1} s; RSS before {rssBefore >> 20} MB, max during {maxRss >> 20} MB, peak {peak >> 20} MB; managed {GC.GetTotalMemory(false) >> 20} MB; checksum {checksum}");

        // The scene is 1.2 GB of pixels (4.8 GB as float): holding it would blow the bound many times over.
        Assert.True(peak < PeakBound, $"peak RSS {peak >> 20} MB exceeds {PeakBound >> 20} MB");
        Assert.True(maxRss - rssBefore < 512L * 1024 * 1024, $"RSS grew by {(maxRss - rssBefore) >> 20} MB while reading");
    }

    /// <summary>A /proc/self/status field in bytes (VmRSS: now, VmHWM: the process's peak).</summary>
    private static long ProcStatus(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {field}");
    }
}
