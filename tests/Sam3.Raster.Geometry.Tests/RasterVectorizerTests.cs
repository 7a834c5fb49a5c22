using System.Text.Json;
using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Raster;
using Sam3.Raster.Geometry.Tests.Support;
using Sam3.Raster.Geometry.Vectorize;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling;

namespace Sam3.Raster.Geometry.Tests;

public sealed class RasterVectorizerTests
{
    [Theory]
    [InlineData(4, 512)]
    [InlineData(4, 37)]
    [InlineData(8, 37)]
    public void Vectorizing_a_raster_in_strips_matches_gdal_polygonize_feature_for_feature(int connectivity, int stripRows)
    {
        using var dir = new TempDirectory();
        string tif = RasterBytes.LandsatMask(dir);
        var (result, ours, gdal, parquet) = VectorizeBesideGdal(dir, tif, connectivity, stripRows);
        Assert.Equal(gdal.Count, result.Features);
        Assert.Equal(gdal.Count, ours.Count);

        AssertSameValuesAndAreas(gdal, parquet);
    }

    [Theory]
    [InlineData(4, 7)]
    [InlineData(8, 7)]
    [InlineData(4, 64)]
    [InlineData(8, 1)]
    public void Blobs_crossing_many_strip_seams_match_gdal_polygonize_feature_for_feature(int connectivity, int stripRows)
    {
        using var dir = new TempDirectory();
        const int w = 320, h = 240;
        var mask = Masks.SmoothBlobs(w, h, seed: 11);
        string tif = MaskRaster.WriteGeoTiff(dir, "blobs", mask, w, h, MaskRaster.Utm30m);
        var (result, ours, gdal, parquet) = VectorizeBesideGdal(dir, tif, connectivity, stripRows);
        Assert.Equal(gdal.Count, result.Features);
        Assert.Equal(gdal.Count, ours.Count);
        Assert.All(ours, f => Assert.True(f.Geometry.IsValid, f.Geometry.ToText()));

        // What the mask is for: blobs spanning several strips, holes, classes that abut.
        Assert.Contains(gdal, f => f.Geometry.EnvelopeInternal.Height > 2 * 64 * 30);
        Assert.Contains(gdal, f => f.Geometry is Polygon { NumInteriorRings: > 0 });
        Assert.Equal(2, gdal.Select(f => f.Value).Distinct().Count());
        AssertSameValuesAndAreas(gdal, parquet);
    }

    [Fact]
    public void A_missing_mask_is_a_clear_user_error()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<RasterException>(() => RasterVectorizer.Run(dir.File("nope.tif"), [dir.File("x.parquet")]));
        Assert.Equal($"{dir.File("nope.tif")}: no such file", ex.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Nodata_pixels_belong_to_no_polygon()
    {
        using var dir = new TempDirectory();
        byte[] classes = [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3];
        string plain = MaskRaster.WriteGeoTiff(dir, "classes", classes, 6, 2, MaskRaster.Utm30m);
        string tif = dir.File("classes-nodata2.tif");
        ProcessRunner.RunChecked("gdal_translate", "-q", "-a_nodata", "2", plain, tif);
        string geojson = dir.File("out.geojson");

        var result = RasterVectorizer.Run(tif, [geojson]);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(geojson));
        var values = doc.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("value").GetInt64()).Order().ToList();
        Assert.Equal([1L, 3L], values);
        Assert.Equal(2, result.Features);
    }

    /// <summary>Per-feature values and areas from the parquet, through DuckDB (exact CRS coordinates, no round trip).</summary>
    /// <summary>
    /// Vectorizes <paramref name="tif"/> to GeoJSON and GeoParquet, and gdal_polygonize's answer for
    /// the same mask. Ours is read back in the raster CRS (ogr2ogr reprojects our GeoJSON, as an
    /// independent reader).
    /// </summary>
    private static (RasterVectorizer.Result Result, IReadOnlyList<GdalPolygonize.Feature> Ours, IReadOnlyList<GdalPolygonize.Feature> Gdal, string Parquet) VectorizeBesideGdal(
        TempDirectory dir, string tif, int connectivity, int stripRows)
    {
        string geojson = dir.File($"ours-{connectivity}-{stripRows}.geojson");
        string parquet = dir.File($"ours-{connectivity}-{stripRows}.parquet");
        var result = RasterVectorizer.Run(tif, [geojson, parquet], (Connectivity)connectivity, stripRows: stripRows);
        string back = dir.File($"back-{connectivity}-{stripRows}.geojson");
        ProcessRunner.RunChecked("ogr2ogr", "-f", "GeoJSON", "-t_srs", "EPSG:31985", back, geojson);
        return (result, GdalPolygonize.Read(back), GdalPolygonize.Run(dir, tif, eight: connectivity == 8), parquet);
    }

    private static void AssertSameValuesAndAreas(IReadOnlyList<GdalPolygonize.Feature> gdal, string parquet)
    {
        using var db = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT area, value FROM '{parquet}' ORDER BY value, area";
        var areas = new List<(long, double)>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                areas.Add((r.GetInt64(1), r.GetDouble(0)));
            }
        }

        var expected = gdal.Select(f => ((long)f.Value, f.Geometry.Area)).Order().ToList();
        Assert.Equal(expected.Count, areas.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Item1, areas[i].Item1);
            Assert.True(Math.Abs(expected[i].Item2 - areas[i].Item2) <= 1e-9 * expected[i].Item2, $"{expected[i]} vs {areas[i]}");
        }
    }
}
