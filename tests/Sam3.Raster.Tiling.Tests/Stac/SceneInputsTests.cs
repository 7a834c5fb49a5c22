using Sam3.Raster.TestSupport;
using Sam3.Raster.TestSupport.Http;
using Sam3.Raster.Tiling.Stac;

namespace Sam3.Raster.Tiling.Tests.Stac;

/// <summary>The inputs of a job (paths, URLs, STAC documents on disk or over HTTP) become its scenes.</summary>
public sealed class SceneInputsTests : IDisposable
{
    private readonly TempDirectory temp = new("sam3r-inputs");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Rasters_and_GDAL_paths_pass_through_and_raster_urls_are_read_through_GDALs_network_file_systems()
    {
        var scenes = SceneInputs.Resolve(["scenes/a.tif", "/vsis3/b/c.tif", "s3://bucket/d.tif"]);

        Assert.Equal([new SceneInput("scenes/a.tif"), new SceneInput("/vsis3/b/c.tif"), new SceneInput("/vsis3/bucket/d.tif")], scenes);
        Assert.Null(SceneInputs.Names(scenes));
    }

    [Fact]
    public void A_local_item_collection_is_one_scene_per_item_named_by_its_id_with_relative_hrefs_beside_it()
    {
        Directory.CreateDirectory(temp.File("cogs"));
        string collection = StacJson.Write(StacJson.ItemCollection(
            StacJson.Item("first", new Dictionary<string, string> { ["visual"] = "cogs/one.tif", ["rgb"] = "cogs/one-rgb.tif" }),
            StacJson.Item("second", new Dictionary<string, string> { ["visual"] = "./cogs/two.tif", ["rgb"] = "cogs/two-rgb.tif" })), temp.File("items.json"));

        var visual = SceneInputs.Resolve([collection, TestPaths.Landsat]);
        var rgb = SceneInputs.Resolve([collection], "rgb");

        Assert.Equal([new SceneInput(temp.File("cogs/one.tif"), "first"), new SceneInput(temp.File("cogs/two.tif"), "second"), new SceneInput(TestPaths.Landsat)], visual);
        Assert.Equal(["first", "second", TestPaths.Landsat], SceneInputs.Names(visual));
        Assert.Equal([temp.File("cogs/one-rgb.tif"), temp.File("cogs/two-rgb.tif")], rgb.Select(s => s.Path));
    }

    [Fact]
    public void An_item_over_http_resolves_its_relative_href_against_its_url_and_a_raster_url_becomes_a_vsicurl_path()
    {
        StacJson.Write(StacJson.Item("remote-item", new Dictionary<string, string> { ["visual"] = "../cogs/scene.tif" }), Path.Combine(Directory.CreateDirectory(temp.File("items")).FullName, "item.json"));
        using var server = new RangeFileServer(temp.Path);
        File.Copy(TestPaths.Landsat, temp.File("plain.tif"));

        var scenes = SceneInputs.Resolve([server.Url("items/item.json"), "/vsicurl/" + server.Url("items/item.json"), server.Url("plain.tif")]);

        Assert.Equal(
            [
                new SceneInput("/vsicurl/" + server.Url("cogs/scene.tif"), "remote-item"),
                new SceneInput("/vsicurl/" + server.Url("cogs/scene.tif"), "remote-item"),
                new SceneInput("/vsicurl/" + server.Url("plain.tif")),
            ],
            scenes);
    }

    [Fact]
    public void An_item_without_the_asset_is_one_error_naming_the_key_and_the_item()
    {
        string item = StacJson.Write(StacJson.Item("no-visual", new Dictionary<string, string> { ["B04"] = "b04.tif" }), temp.File("item.json"));

        var ex = Assert.Throws<ArgumentException>(() => SceneInputs.Resolve([item]));

        Assert.Contains("'no-visual'", ex.Message);
        Assert.Contains("no asset 'visual'", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
