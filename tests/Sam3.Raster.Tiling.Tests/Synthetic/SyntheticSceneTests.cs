using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Tiling.Tests.Synthetic;

public sealed class SyntheticSceneTests
{
    [Fact]
    public void The_standard_scene_is_a_georeferenced_geotiff_with_objects_and_nodata()
    {
        using var temp = new TempDirectory();
        var scene = SyntheticScene.Standard();
        string path = scene.Write(temp.File("scene.tif"));

        string info = ProcessRunner.RunChecked("gdalinfo", path);
        Assert.Contains("Size is 3000, 3000", info);
        Assert.Contains("32633", info);
        Assert.Contains("NoData Value=0", info);

        // A red object pixel, a background pixel, a nodata pixel.
        Assert.StartsWith("21", Pixel(path, 1, 1500 + 30, 10).Trim());
        int background = int.Parse(Pixel(path, 1, 100, 100).Trim());
        Assert.InRange(background, 60, 150);
        Assert.Equal("0", Pixel(path, 1, 2500, 2500).Trim());
        Assert.True(scene.ObjectsOf("red").Count() >= 10);
    }

    private static string Pixel(string path, int band, int col, int row) =>
        ProcessRunner.RunChecked("gdallocationinfo", "-valonly", "-b", band.ToString(), path, col.ToString(), row.ToString());
}
