using System.Text.Json;
using Sam3.Raster.Tiling.Crs;

namespace Sam3.Raster.Tiling.Tests.Crs;

public sealed class SpatialReferenceTests
{
    [Fact]
    public void Epsg_31985_exports_projjson_with_its_epsg_id()
    {
        using var srs = SpatialReference.FromEpsg(31985);
        using var json = JsonDocument.Parse(srs.ProjJson);
        Assert.Equal("ProjectedCRS", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(31985, json.RootElement.GetProperty("id").GetProperty("code").GetInt32());
        Assert.Equal(31985, srs.EpsgCode);
        Assert.False(srs.IsGeographic);
    }

    [Fact]
    public void Wkt_round_trips_to_the_same_crs()
    {
        using var srs = SpatialReference.FromEpsg(31985);
        using var again = SpatialReference.FromWkt(srs.Wkt);
        Assert.True(again.IsSameAs(srs));
        Assert.Equal(31985, again.EpsgCode);
    }

    [Fact]
    public void Wkt_without_authority_is_identified_as_epsg()
    {
        using var srs = SpatialReference.FromUserInput("+proj=utm +zone=25 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs");
        Assert.False(srs.IsGeographic);
        Assert.Contains("UTM", srs.Wkt, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Utm_25s_point_near_olinda_transforms_to_lon_lat_in_that_order()
    {
        using var utm = SpatialReference.FromEpsg(31985);
        using var toWgs84 = CoordinateTransformation.ToWgs84(utm);
        var (lon, lat) = toWgs84.Transform(290000, 9120000);
        Assert.InRange(lon, -35.2, -34.6);
        Assert.InRange(lat, -8.2, -7.8);
    }

    [Fact]
    public void Bad_crs_definition_is_refused_with_the_text_in_the_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => SpatialReference.FromUserInput("EPSG:99999999"));
        Assert.Contains("EPSG:99999999", ex.Message, StringComparison.Ordinal);
    }
}
