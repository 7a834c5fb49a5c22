using System.Text.Json;
using Sam3.Raster.TestSupport;
using Sam3.Raster.TestSupport.Http;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// <c>sam3r run --input</c> takes STAC Items and ItemCollections, from a file or over HTTP (a
/// loopback server with range requests serving the JSON and the COGs it points at).
/// </summary>
public sealed class StacInputTests(ColorSceneFixture model) : IClassFixture<ColorSceneFixture>, IDisposable
{
    private readonly TempDirectory temp = new("sam3r-stac");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void An_item_over_http_gives_the_features_of_the_same_item_on_disk_named_by_the_item_id()
    {
        string served = Served();
        StacJson.Write(StacJson.Item("scene-a", new Dictionary<string, string> { ["visual"] = "../cogs/a.tif", ["thumbnail"] = "../a.png" }), Path.Combine(served, "items", "a.json"));
        using var server = new RangeFileServer(served);

        var onDisk = Run(Path.Combine(served, "items", "a.json"), "disk");
        var overHttp = Run(server.Url("items/a.json"), "http");

        Assert.Equal(0, onDisk.ExitCode);
        Assert.Equal(0, overHttp.ExitCode);
        var features = SceneOfEachFeature(temp.File("disk.geojson"));
        Assert.NotEmpty(features);
        Assert.All(features, scene => Assert.Equal("scene-a", scene));
        Assert.Equal(File.ReadAllText(temp.File("disk.geojson")), File.ReadAllText(temp.File("http.geojson")));
        Assert.Equal(File.ReadAllBytes(temp.File("disk.parquet")), File.ReadAllBytes(temp.File("http.parquet")));
        Assert.Contains(server.Requests, r => r.StartsWith("GET /cogs/a.tif bytes=", StringComparison.Ordinal));
    }

    [Fact]
    public void An_item_collection_is_one_scene_per_item_and_asset_picks_the_asset()
    {
        string served = Served();
        StacJson.Write(
            StacJson.ItemCollection(
                StacJson.Item("first", new Dictionary<string, string> { ["rgb"] = "cogs/a.tif" }),
                StacJson.Item("second", new Dictionary<string, string> { ["rgb"] = "cogs/b.tif" })),
            Path.Combine(served, "search.json"));
        using var server = new RangeFileServer(served);

        var r = Run(server.Url("search.json"), "both", "--asset", "rgb");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("2 scene(s)", r.StdErr);
        var scenes = SceneOfEachFeature(temp.File("both.geojson"));
        Assert.Equal(["first", "second"], scenes.Distinct().Order());
        Assert.Equal(scenes.Count(s => s == "first"), scenes.Count(s => s == "second"));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("submit", "--seeds", "127.0.0.1:1")]
    public void An_item_without_the_asset_is_one_line_naming_the_key_and_the_item(string command, params string[] more)
    {
        string item = StacJson.Write(StacJson.Item("LC09_B", new Dictionary<string, string> { ["red"] = "red.tif" }), temp.File("item.json"));

        var r = Sam3r([command, .. more, "--input", item, "--prompt", "red", "--out", temp.File("o.parquet"), "--model", model.ModelPath]);

        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sam3r: error: STAC item 'LC09_B' (", line);
        Assert.Contains("has no asset 'visual' (its assets: red)", line);
        Assert.False(File.Exists(temp.File("o.parquet")));
    }

    /// <summary>A folder to serve: two one-tile COGs (a and b, the same scene) in cogs/, and items/.</summary>
    private string Served()
    {
        string served = temp.File("served");
        Directory.CreateDirectory(Path.Combine(served, "cogs"));
        Directory.CreateDirectory(Path.Combine(served, "items"));
        string source = SyntheticScene.Scaled(1008).Write(temp.File("source.tif"));
        CogFiles.Write(source, Path.Combine(served, "cogs", "a.tif"));
        CogFiles.Write(source, Path.Combine(served, "cogs", "b.tif"));
        return served;
    }

    private ProcessResult Run(string input, string name, params string[] more) =>
        Sam3r(["run", "--input", input, "--prompt", "red", "--out", temp.File(name + ".parquet"), "--out", temp.File(name + ".geojson"), "--model", model.ModelPath, .. more]);

    private static List<string> SceneOfEachFeature(string geojson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(geojson));
        return [.. doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("scene").GetString()!)];
    }

    private static ProcessResult Sam3r(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), .. args], TimeSpan.FromMinutes(3));
}
