using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Tests.Support;

namespace Sam3.Raster.Tiling.Tests.Reading;

public sealed class BandSelectionTests
{
    [Fact]
    public void Explicit_bands_are_kept_in_the_given_order()
    {
        using var ds = RasterDataset.Open(TestPaths.Landsat);
        var sel = BandSelection.Resolve(ds, "3, 2,1");
        Assert.Equal([3, 2, 1], sel.Selected);
        Assert.Equal([3, 2, 1], sel.ChannelBands);
    }

    [Fact]
    public void Default_is_the_first_three_bands_without_colour_interpretation()
    {
        using var ds = RasterDataset.Open(TestPaths.Landsat);
        Assert.Equal([1, 2, 3], BandSelection.Resolve(ds, null).Selected);
    }

    [Fact]
    public void Default_follows_red_green_blue_colour_interpretation()
    {
        using var dir = new TempDirectory();
        var path = TestScenes.Create(dir.File("bgrn.tif"), new SceneSpec(16, 16, 4, GdalDataType.Byte, (b, c, r) => b)
        {
            ColorInterpretations = [ColorInterpretation.Blue, ColorInterpretation.Green, ColorInterpretation.Red, ColorInterpretation.Undefined],
        });
        using var ds = RasterDataset.Open(path);
        Assert.Equal([3, 2, 1], BandSelection.Resolve(ds, null).Selected);
    }

    [Fact]
    public void A_single_band_raster_repeats_band_one()
    {
        using var dir = new TempDirectory();
        var path = TestScenes.Create(dir.File("gray.tif"), new SceneSpec(16, 16, 1, GdalDataType.Byte, (b, c, r) => c));
        using var ds = RasterDataset.Open(path);
        var sel = BandSelection.Resolve(ds, null);
        Assert.Equal([1], sel.Selected);
        Assert.Equal([1, 1, 1], sel.ChannelBands);
    }

    [Theory]
    [InlineData("", "selects no band")]
    [InlineData(" , ", "selects no band")]
    [InlineData("0", "band 0 does not exist; the raster has 6 bands")]
    [InlineData("3,2,7", "band 7 does not exist; the raster has 6 bands")]
    [InlineData("1,x", "'x' is not a band number")]
    [InlineData("1,2,3,4", "at most 3")]
    public void Bad_band_lists_are_refused_naming_the_path_and_band(string spec, string expected)
    {
        using var ds = RasterDataset.Open(TestPaths.Landsat);
        var ex = Assert.Throws<RasterException>(() => BandSelection.Resolve(ds, spec));
        Assert.StartsWith(TestPaths.Landsat + ": --bands", ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
