using System.Text;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Stac;

namespace Sam3.Raster.Tiling.Tests.Stac;

public sealed class StacDocumentTests
{
    private static readonly Uri Location = new("https://stac.example.com/search/items.json");

    [Fact]
    public void An_item_is_one_item_with_its_id_and_assets()
    {
        var json = StacJson.Item("S2A_1", new Dictionary<string, string> { ["visual"] = "./TCI.tif", ["B04"] = "./B04.tif" }).ToJsonString();

        var item = Assert.Single(StacDocument.Parse(Encoding.UTF8.GetBytes(json), Location));

        Assert.Equal("S2A_1", item.Id);
        Assert.Equal("/vsicurl/https://stac.example.com/search/TCI.tif", item.AssetPath("visual"));
        Assert.Equal("/vsicurl/https://stac.example.com/search/B04.tif", item.AssetPath("B04"));
    }

    [Fact]
    public void An_item_collection_is_its_items_in_order_each_resolving_against_its_own_self_link()
    {
        var json = StacJson.ItemCollection(
            StacJson.Item("a", new Dictionary<string, string> { ["visual"] = "a.tif" }, self: "https://cogs.example.com/c/a/a.json"),
            StacJson.Item("b", new Dictionary<string, string> { ["visual"] = "b.tif" })).ToJsonString();

        var items = StacDocument.Parse(Encoding.UTF8.GetBytes(json), Location);

        Assert.Equal(["a", "b"], items.Select(i => i.Id));
        Assert.Equal("/vsicurl/https://cogs.example.com/c/a/a.tif", items[0].AssetPath("visual"));
        Assert.Equal("/vsicurl/https://stac.example.com/search/b.tif", items[1].AssetPath("visual"));
    }

    [Fact]
    public void An_item_without_the_asset_is_refused_naming_the_key_and_the_item()
    {
        var json = StacJson.Item("LC09_L2SP_1", new Dictionary<string, string> { ["red"] = "r.tif", ["nir08"] = "n.tif" }).ToJsonString();
        var item = Assert.Single(StacDocument.Parse(Encoding.UTF8.GetBytes(json), Location));

        var ex = Assert.Throws<ArgumentException>(() => item.AssetPath("visual"));

        Assert.Equal($"STAC item 'LC09_L2SP_1' ({Location}) has no asset 'visual' (its assets: red, nir08); choose one with --asset", ex.Message);
    }

    [Theory]
    [InlineData("{\"type\":\"Feature\",\"id\":\"x\",\"properties\":{}}", "not a STAC Item")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[]}", "has no items")]
    [InlineData("{\"type\":\"Catalog\",\"stac_version\":\"1.0.0\",\"id\":\"c\"}", "not a STAC Item or ItemCollection")]
    [InlineData("{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"assets\":{}}", "without an id")]
    [InlineData("{\"type\":", "not valid JSON")]
    public void A_document_that_is_not_a_STAC_item_or_item_collection_is_refused_naming_it(string json, string problem)
    {
        var ex = Assert.Throws<InvalidDataException>(() => StacDocument.Parse(Encoding.UTF8.GetBytes(json), Location));

        Assert.StartsWith(Location + ": ", ex.Message);
        Assert.Contains(problem, ex.Message);
    }
}
