using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Writing;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Tiling.Tests.Writing;

public sealed class GeoTiffWriterTests
{
    [Fact]
    public void A_written_scene_reads_back_with_its_pixels_transform_crs_and_nodata()
    {
        using var temp = new TempDirectory();
        var path = temp.File("written.tif");
        var transform = new GeoTransform(290000, 30, 0, 9120000, 0, -30);
        using (var crs = SpatialReference.FromEpsg(31985))
        using (var writer = GeoTiffWriter.Create(path, 300, 200, 2, GdalDataType.Byte, transform, crs))
        {
            writer.SetNoData(1, 0);
            writer.SetColorInterpretation(2, ColorInterpretation.Green);
            var rows = new byte[300 * 200];
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = (byte)(i % 251);
            }

            writer.WriteRows(1, 0, 200, rows);
            writer.WriteRows(2, 0, 200, rows);
        }

        using var scene = RasterDataset.Open(path);
        Assert.Equal((300, 200, 2), (scene.Width, scene.Height, scene.BandCount));
        Assert.Equal(transform, scene.GeoTransform);
        Assert.Equal(31985, scene.EpsgCode);
        Assert.Equal(0, scene.Bands[0].NoDataValue);
        Assert.Equal(ColorInterpretation.Green, scene.Bands[1].ColorInterpretation);
        var buffer = new float[10];
        scene.ReadFloat32(new PixelWindow(5, 7, 10, 1), [1], buffer, 10, 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(c => (float)(((7 * 300) + 5 + c) % 251)), buffer);
    }

    [Fact]
    public void Creating_in_a_missing_folder_is_an_error_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-dir-{Guid.NewGuid():N}", "x.tif");
        var ex = Assert.Throws<IOException>(() => GeoTiffWriter.Create(path, 10, 10, 1, GdalDataType.Byte, null, null));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_outside_the_raster_are_refused()
    {
        using var temp = new TempDirectory();
        using var writer = GeoTiffWriter.Create(temp.File("small.tif"), 4, 4, 1, GdalDataType.Byte, null, null);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteRows(1, 3, 2, new byte[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteRows(2, 0, 1, new byte[4]));
    }
}
