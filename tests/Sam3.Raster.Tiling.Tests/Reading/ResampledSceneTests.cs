using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Tests.Support;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Tiling.Tests.Reading;

/// <summary><see cref="RasterDataset.Open(string, bool, SceneResolution?)"/>: a scene seen at another resolution through GDAL.</summary>
public sealed class ResampledSceneTests
{
    [Fact]
    public void A_scene_read_at_twice_its_pixel_size_has_half_the_pixels_over_the_same_ground()
    {
        using var temp = new TempDirectory("sam3r-resampled");
        string path = TestScenes.Create(temp.File("grid.tif"), new SceneSpec(400, 300, 1, Gdal.GdalDataType.Byte, (_, c, r) => ((c / 2) + (r / 2)) % 200));
        using var full = RasterDataset.Open(path);

        using var half = RasterDataset.Open(path, allowUngeoreferenced: false, new SceneResolution(20));

        Assert.Equal((200, 150), (half.Width, half.Height));
        Assert.Equal(new GeoTransform(500000, 20, 0, 7000000, 0, -20), half.GeoTransform);
        Assert.Equal(full.CrsWkt, half.CrsWkt);
        Assert.Equal(path, half.Path);

        // Each 2 × 2 block of the source holds one value, so averaging gives it back exactly.
        var pixels = new byte[half.Width * half.Height];
        half.ReadBand<byte>(1, half.Extent, pixels);
        for (int r = 0; r < half.Height; r += 37)
        {
            for (int c = 0; c < half.Width; c += 29)
            {
                Assert.Equal((c + r) % 200, pixels[(r * half.Width) + c]);
            }
        }
    }

    [Fact]
    public void The_real_landsat_scene_enlarged_keeps_its_extent()
    {
        using var full = RasterDataset.Open(TestPaths.Landsat);

        using var fine = RasterDataset.Open(TestPaths.Landsat, allowUngeoreferenced: false, new SceneResolution(14.25));

        Assert.Equal((full.Width * 2, full.Height * 2), (fine.Width, fine.Height));
        // Its pixels are 28.5 m give or take a micrometre, the requested 14.25 m exactly: the far corner agrees to a millimetre.
        var (x, y) = full.GeoTransform.ToWorld(full.Width, full.Height);
        var (fx, fy) = fine.GeoTransform.ToWorld(fine.Width, fine.Height);
        Assert.Equal(x, fx, 0.001);
        Assert.Equal(y, fy, 0.001);
        Assert.Equal(full.GeoTransform.OriginX, fine.GeoTransform.OriginX);
        Assert.Equal(14.25, fine.GeoTransform.ColStepX);
        Assert.Equal(full.BandCount, fine.BandCount);
    }

    [Theory]
    [InlineData(0, "auto", "--resolution must be a positive number")]
    [InlineData(-1, "auto", "--resolution must be a positive number")]
    [InlineData(double.NaN, "auto", "--resolution must be a positive number")]
    [InlineData(1, "sharpest", "--resampling must be one of")]
    public void Bad_settings_are_named_by_their_option(double resolution, string resampling, string expected) =>
        Assert.StartsWith(expected, new SceneResolution(resolution, resampling).Problem());

    [Theory]
    [InlineData(20, 10, "average")]
    [InlineData(5, 10, "bilinear")]
    public void Auto_averages_when_reducing_and_interpolates_when_enlarging(double target, double native, string expected) =>
        Assert.Equal(expected, new SceneResolution(target).MethodFor(native));

    [Fact]
    public void Tiles_whose_window_misses_the_aoi_are_marked_outside_and_not_checked_for_nodata()
    {
        using var temp = new TempDirectory("sam3r-plan-aoi");
        string path = TestScenes.Create(temp.File("nodata.tif"), new SceneSpec(3000, 3000, 1, Gdal.GdalDataType.Byte, (_, _, _) => 0) { NoData = 0 });
        using var dataset = RasterDataset.Open(path);
        var bands = BandSelection.Resolve(dataset, null);

        var plan = TilePlanner.Plan(dataset, bands, new TileOptions(1008, 128), () => RasterDataset.Open(path), 2, w => w.Col < 1100 && w.Row < 1100);

        Assert.Equal(12, plan.OutsideAoiCount);
        Assert.Equal(4, plan.EmptyCount); // all nodata, but only the 4 inside were looked at
        Assert.All(plan.Tiles, t => Assert.NotEqual(t.IsEmpty, t.IsOutsideAoi));
        Assert.Empty(plan.NonEmpty);
    }
}
