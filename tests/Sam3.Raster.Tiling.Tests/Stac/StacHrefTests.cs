using Sam3.Raster.Tiling.Stac;

namespace Sam3.Raster.Tiling.Tests.Stac;

public sealed class StacHrefTests
{
    [Theory]
    [InlineData("https://data.example.com/scenes/a.tif", "/vsicurl/https://data.example.com/scenes/a.tif")]
    [InlineData("http://127.0.0.1:8080/a.tif?sig=x%2By", "/vsicurl/http://127.0.0.1:8080/a.tif?sig=x%2By")]
    [InlineData("s3://sentinel-cogs/sentinel-s2-l2a-cogs/36/Q/WD/2020/7/S2A_36QWD_20200701_0_L2A/TCI.tif", "/vsis3/sentinel-cogs/sentinel-s2-l2a-cogs/36/Q/WD/2020/7/S2A_36QWD_20200701_0_L2A/TCI.tif")]
    [InlineData("gs://bucket/key/a.tif", "/vsigs/bucket/key/a.tif")]
    [InlineData("/vsis3/bucket/a.tif", "/vsis3/bucket/a.tif")]
    public void Absolute_hrefs_map_to_the_GDAL_file_system_of_their_scheme(string href, string expected) =>
        Assert.Equal(expected, StacHref.ToGdalPath(href, new Uri("https://stac.example.com/items/x.json")));

    [Theory]
    [InlineData("https://stac.example.com/collections/c/items/x.json", "./a.tif", "/vsicurl/https://stac.example.com/collections/c/items/a.tif")]
    [InlineData("https://stac.example.com/collections/c/items/x.json", "../../assets/a.tif", "/vsicurl/https://stac.example.com/collections/assets/a.tif")]
    [InlineData("s3://bucket/catalog/items/x.json", "a.tif", "/vsis3/bucket/catalog/items/a.tif")]
    [InlineData("file:///data/stac/x.json", "./scenes/a b.tif", "/data/stac/scenes/a b.tif")]
    public void Relative_hrefs_resolve_against_the_items_location(string location, string href, string expected) =>
        Assert.Equal(expected, StacHref.ToGdalPath(href, new Uri(location)));

    [Fact]
    public void An_href_of_a_scheme_GDAL_cannot_read_is_refused_naming_it()
    {
        var ex = Assert.Throws<NotSupportedException>(() => StacHref.ToGdalPath("ftp://host/a.tif", new Uri("file:///data/x.json")));

        Assert.Contains("ftp://host/a.tif", ex.Message);
    }

    [Fact]
    public void A_local_path_in_a_remote_item_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => StacHref.ToGdalPath("/data/a.tif", new Uri("https://stac.example.com/x.json")));

        Assert.Contains("/data/a.tif", ex.Message);
    }
}
