using System.Text.Json;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Tests.Support;

namespace Sam3.Raster.Tiling.Tests;

public sealed class RasterDatasetTests
{
    [Fact]
    public void Landsat_scene_reports_size_bands_geotransform_and_crs_as_gdalinfo_does()
    {
        using var ds = RasterDataset.Open(TestPaths.Landsat);
        using var info = JsonDocument.Parse(ProcessRunner.RunChecked("gdalinfo", "-json", TestPaths.Landsat));
        var root = info.RootElement;

        Assert.Equal(349, ds.Width);
        Assert.Equal(352, ds.Height);
        Assert.Equal(6, ds.BandCount);
        Assert.All(ds.Bands, b => Assert.Equal(GdalDataType.Byte, b.DataType));
        Assert.Equal(Enumerable.Range(1, 6), ds.Bands.Select(b => b.Index));
        var gt = root.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(GeoTransform.FromGdal(gt), ds.GeoTransform);
        Assert.True(ds.IsGeoreferenced);
        Assert.Equal(31985, ds.EpsgCode);
        using var projJson = JsonDocument.Parse(ds.CrsProjJson!);
        Assert.Equal("ProjectedCRS", projJson.RootElement.GetProperty("type").GetString());
        Assert.All(ds.Bands, b => Assert.True(b.MaskFlags.HasFlag(MaskFlags.AllValid)));
    }

    [Fact]
    public void Nodata_value_and_mask_flags_are_reported_per_band()
    {
        using var dir = new TempDirectory();
        var path = TestScenes.Create(dir.File("nd.tif"), new SceneSpec(64, 48, 2, GdalDataType.UInt16, (b, c, r) => c) { NoData = 0 });
        using var ds = RasterDataset.Open(path);
        Assert.All(ds.Bands, b =>
        {
            Assert.Equal(0, b.NoDataValue);
            Assert.True(b.MaskFlags.HasFlag(MaskFlags.NoData));
            Assert.True(b.HasMask);
        });
    }

    [Fact]
    public void A_missing_file_is_refused_naming_the_path()
    {
        var path = "/nonexistent/dir/scene.tif";
        var ex = Assert.Throws<RasterException>(() => RasterDataset.Open(path));
        Assert.Equal($"{path}: no such file", ex.Message);
    }

    [Fact]
    public void A_text_file_named_tif_is_refused_naming_the_path()
    {
        using var dir = new TempDirectory();
        var path = dir.File("notes.tif");
        File.WriteAllText(path, "this is not a raster\n");
        var ex = Assert.Throws<RasterException>(() => RasterDataset.Open(path));
        Assert.StartsWith($"{path}: GDAL cannot read it as a raster", ex.Message);
    }

    [Fact]
    public void A_truncated_geotiff_is_refused_at_open_naming_the_path()
    {
        using var dir = new TempDirectory();

        // The Landsat file keeps its TIFF directory at the end; a GDAL-made tiled file keeps it at
        // the start, so truncation loses pixel blocks only. Both must be caught at open.
        var tail = dir.File("cut-tail.tif");
        File.WriteAllBytes(tail, File.ReadAllBytes(TestPaths.Landsat)[..100_000]);
        var made = TestScenes.Create(dir.File("full.tif"), new SceneSpec(512, 512, 3, GdalDataType.UInt16, (b, c, r) => TestScenes.Pattern(b, c, r, 60000)));
        var blocks = dir.File("cut-blocks.tif");
        var bytes = File.ReadAllBytes(made);
        File.WriteAllBytes(blocks, bytes[..(bytes.Length / 2)]);

        foreach (var path in new[] { tail, blocks })
        {
            var ex = Assert.Throws<RasterException>(() => RasterDataset.Open(path));
            Assert.StartsWith($"{path}: ", ex.Message);
            Assert.Matches("damaged|truncated", ex.Message);
        }
    }

    [Fact]
    public void An_ungeoreferenced_raster_is_refused_unless_allowed()
    {
        using var dir = new TempDirectory();
        var path = TestScenes.Create(dir.File("plain.tif"), new SceneSpec(40, 30, 1, GdalDataType.Byte, (b, c, r) => c) { GeoTransform = null, Epsg = null });
        var ex = Assert.Throws<RasterException>(() => RasterDataset.Open(path));
        Assert.StartsWith($"{path}: the raster is not georeferenced", ex.Message);
        Assert.Contains("--allow-ungeoreferenced", ex.Message);

        using var ds = RasterDataset.Open(path, allowUngeoreferenced: true);
        Assert.False(ds.IsGeoreferenced);
        Assert.Null(ds.CrsWkt);
        Assert.Null(ds.CrsProjJson);
        Assert.Equal(GeoTransform.Identity, ds.GeoTransform);
    }

    [Fact]
    public void Reading_a_window_outside_the_scene_or_a_missing_band_fails_clearly()
    {
        using var ds = RasterDataset.Open(TestPaths.Landsat);
        var buffer = new float[100 * 100 * 3];
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.ReadFloat32(new PixelWindow(300, 300, 100, 100), [1], buffer, 100, 10000));
        var ex = Assert.Throws<RasterException>(() => ds.ReadFloat32(new PixelWindow(0, 0, 10, 10), [7], buffer, 10, 100));
        Assert.Contains("band 7 does not exist", ex.Message);
        Assert.StartsWith(TestPaths.Landsat, ex.Message);
    }

    [Fact]
    public void A_disposed_dataset_cannot_be_read()
    {
        var ds = RasterDataset.Open(TestPaths.Landsat);
        ds.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ds.ReadFloat32(new PixelWindow(0, 0, 1, 1), [1], new float[1], 1, 1));
    }
}
