using System.Text.Json;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Cli.Tests;

public sealed class TilesCommandTests
{
    private static ProcessResult Sam3r(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), .. args], TimeSpan.FromMinutes(2));

    [Fact]
    public void Tiles_prints_the_plan_as_json_with_projjson_crs()
    {
        var r = Sam3r("tiles", "--input", TestPaths.Landsat, "--tile", "256", "--overlap", "32", "--bands", "3,2,1");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        var root = json.RootElement;
        Assert.Equal(349, root.GetProperty("width").GetInt32());
        Assert.Equal(352, root.GetProperty("height").GetInt32());
        Assert.Equal([3, 2, 1], root.GetProperty("bands").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(31985, root.GetProperty("crs").GetProperty("id").GetProperty("code").GetInt32());
        Assert.Equal(6, root.GetProperty("geotransform").GetArrayLength());

        var expected = TilePlanner.Plan(349, 352, new TileOptions(256, 32));
        var tiles = root.GetProperty("tiles").EnumerateArray().ToArray();
        Assert.Equal(expected.Tiles.Count, tiles.Length);
        for (int i = 0; i < tiles.Length; i++)
        {
            var t = tiles[i];
            Assert.Equal(i, t.GetProperty("id").GetInt32());
            Assert.Equal(expected.Tiles[i].Window, Window(t));
            Assert.Equal(expected.Tiles[i].Core, Window(t.GetProperty("core")));
            Assert.False(t.GetProperty("empty").GetBoolean());
        }
    }

    [Fact]
    public void Tiles_of_an_ungeoreferenced_raster_need_the_flag_and_then_have_null_crs()
    {
        using var dir = new TempDirectory();
        // gdal_create writes no geotransform and no CRS unless asked.
        var path = dir.File("plain.tif");
        ProcessRunner.RunChecked("gdal_create", "-of", "GTiff", "-outsize", "40", "30", "-bands", "1", "-ot", "Byte", path);
        var refused = Sam3r("tiles", "--input", path);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("not georeferenced", refused.StdErr);

        var r = Sam3r("tiles", "--input", path, "--allow-ungeoreferenced");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("crs").ValueKind);
        Assert.Equal([1], json.RootElement.GetProperty("bands").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Bad_inputs_give_one_line_and_exit_code_2()
    {
        using var dir = new TempDirectory();
        var text = dir.File("notes.tif");
        File.WriteAllText(text, "not a raster");
        var cut = dir.File("cut.tif");
        File.WriteAllBytes(cut, File.ReadAllBytes(TestPaths.Landsat)[..100_000]);
        var cases = new (string[] Args, string Expected)[]
        {
            (["--input", "/no/such/scene.tif"], "/no/such/scene.tif: no such file"),
            (["--input", text], $"{text}: GDAL cannot read it as a raster"),
            (["--input", cut], $"{cut}: the file is "),
            (["--input", TestPaths.Landsat, "--bands", "2,9"], $"{TestPaths.Landsat}: --bands '2,9': band 9 does not exist"),
            (["--input", TestPaths.Landsat, "--bands", ","], "selects no band"),
            (["--input", TestPaths.Landsat, "--overlap", "1008"], "overlap (1008 px) must be smaller than the tile size (1008 px)"),
        };
        foreach (var (args, expected) in cases)
        {
            var r = Sam3r(["tiles", .. args]);
            Assert.Equal(2, r.ExitCode);
            var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("sam3r: error: ", line);
            Assert.Contains(expected, line);
            Assert.DoesNotContain("   at ", r.StdErr);
            Assert.Equal(string.Empty, r.StdOut);
        }
    }

    private static PixelWindow Window(JsonElement e) => new(
        e.GetProperty("col").GetInt32(), e.GetProperty("row").GetInt32(), e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32());
}
