using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using Sam3.Raster.Geometry.Geo;
using Sam3.Raster.Geometry.Tests.Support;
using Sam3.Raster.Geometry.Vectorize;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Tests;

public sealed class VectorizerTests
{
    private static readonly GeometryFactory World = new(new PrecisionModel(), 31985);

    [Fact]
    public void A_single_pixel_is_a_unit_square_at_its_corners_shifted_by_the_offset()
    {
        var polys = new MaskVectorizer().Vectorize([1], 1, 1, offsetCol: 10, offsetRow: 20);

        var p = Assert.IsType<Polygon>(Assert.Single(polys));
        Assert.Equal(1.0, p.Area);
        Assert.Equal(new Envelope(10, 11, 20, 21), p.EnvelopeInternal);
        Assert.Equal(5, p.NumPoints);
    }

    [Fact]
    public void Diagonal_pixels_are_one_valid_multipolygon_with_8_connectivity_and_two_polygons_with_4()
    {
        byte[] mask = [1, 0, 0, 1];

        var eight = new MaskVectorizer(Connectivity.Eight).Vectorize(mask, 2, 2);
        var four = new MaskVectorizer(Connectivity.Four).Vectorize(mask, 2, 2);

        var multi = Assert.IsType<MultiPolygon>(Assert.Single(eight));
        Assert.True(multi.IsValid);
        Assert.Equal(2.0, multi.Area);
        Assert.Equal(2, four.Count);
        Assert.All(four, g => Assert.IsType<Polygon>(g));
    }

    [Fact]
    public void A_ring_of_two_pieces_meeting_at_two_corners_is_one_valid_multipolygon_with_8_connectivity()
    {
        var mask = Masks.FromRows(
        [
            "111.",
            "1..1",
            "1..1",
            ".111",
        ], out int w, out int h);

        var eight = new MaskVectorizer(Connectivity.Eight).Vectorize(mask, w, h);
        var four = new MaskVectorizer(Connectivity.Four).Vectorize(mask, w, h);

        var m = Assert.IsType<MultiPolygon>(Assert.Single(eight));
        Assert.True(m.IsValid, m.ToText());
        Assert.Equal(2, m.NumGeometries);
        Assert.Equal(10.0, m.Area);
        Assert.Equal(2, four.Count);
        Assert.All(four, g => Assert.True(g.IsValid));
    }

    [Fact]
    public void Each_piece_of_a_component_that_meets_others_at_corners_is_built_once()
    {
        var factory = new PolygonCountingFactory();
        var mask = Masks.FromRows(
        [
            "1.1",
            ".1.",
        ], out int w, out int h);

        var eight = new MaskVectorizer(Connectivity.Eight, factory).Vectorize(mask, w, h);

        var m = Assert.IsType<MultiPolygon>(Assert.Single(eight));
        Assert.Equal(3, m.NumGeometries);
        Assert.Equal(3, factory.Polygons);
    }

    [Fact]
    public void A_bay_closed_by_a_corner_contact_becomes_a_hole_touching_the_shell_with_4_connectivity()
    {
        var mask = Masks.FromRows(
        [
            "1111",
            "1..1",
            "1.1.",
            "111.",
        ], out int w, out int h);

        var four = new MaskVectorizer(Connectivity.Four).Vectorize(mask, w, h);

        var p = Assert.IsType<Polygon>(Assert.Single(four));
        Assert.True(p.IsValid, p.ToText());
        Assert.Equal(1, p.NumInteriorRings);
        Assert.Equal(11.0, p.Area);
    }

    [Fact]
    public void Pixel_counts_equal_areas_and_every_polygon_is_valid_on_hard_masks()
    {
        var cases = new (byte[] Mask, int W, int H)[]
        {
            (Masks.Checkerboard(17, 13), 17, 13),
            (Masks.NestedRings(41), 41, 41),
            (Masks.DiagonalContacts(out int dw, out int dh), dw, dh),
            (Masks.Blobs(200, 150, seed: 7), 200, 150),
            (Masks.TouchingEveryEdge(60, 40), 60, 40),
        };
        foreach (var conn in new[] { Connectivity.Four, Connectivity.Eight })
        {
            var v = new MaskVectorizer(conn);
            foreach (var (mask, w, h) in cases)
            {
                var polys = v.VectorizeValues<byte>(mask, w, h);
                Assert.All(polys, p => Assert.True(p.Geometry.IsValid, $"{conn}: {p.Geometry.ToText()}"));
                Assert.All(polys, p => Assert.Equal(p.PixelCount, p.Geometry.Area));
                Assert.Equal(mask.Count(b => b != 0), polys.Sum(p => p.PixelCount));
            }
        }
    }

    public static TheoryData<string> MaskNames => ["blobs", "blobs-3-classes", "rings", "checkerboard", "diagonal", "edges"];

    [Theory]
    [MemberData(nameof(MaskNames))]
    public void Matches_gdal_polygonize_feature_for_feature_with_4_connectivity(string name)
    {
        using var dir = new TempDirectory();
        var (mask, w, h) = Make(name);
        string tif = MaskRaster.WriteGeoTiff(dir, name, mask, w, h, MaskRaster.Utm30m);

        var ours = VectorizeWorld(mask, w, h, Connectivity.Four, MaskRaster.Utm30m);
        var gdal = GdalPolygonize.Run(dir, tif, eight: false);

        AssertSameFeatures(gdal, ours);
    }

    [Theory]
    [MemberData(nameof(MaskNames))]
    public void Matches_gdal_polygonize_feature_for_feature_with_8_connectivity_and_stays_valid(string name)
    {
        using var dir = new TempDirectory();
        var (mask, w, h) = Make(name);
        string tif = MaskRaster.WriteGeoTiff(dir, name, mask, w, h, MaskRaster.Utm30m);

        var ours = VectorizeWorld(mask, w, h, Connectivity.Eight, MaskRaster.Utm30m);
        var gdal = GdalPolygonize.Run(dir, tif, eight: true);

        AssertClose(gdal.Sum(f => f.Geometry.Area), ours.Sum(f => f.Geometry.Area));
        AssertSameFeatures(gdal, ours);
    }

    [Fact]
    public void Matches_gdal_polygonize_on_a_thresholded_Landsat_band()
    {
        using var dir = new TempDirectory();
        string tif = RasterBytes.LandsatMask(dir);
        var mask = RasterBytes.ReadBand(dir, tif, out int w, out int h);
        var gt = GdalGeoTransform(tif);

        var ours4 = VectorizeWorld(mask, w, h, Connectivity.Four, gt);
        AssertSameFeatures(GdalPolygonize.Run(dir, tif, eight: false), ours4);
        Assert.True(ours4.Count > 50, $"only {ours4.Count} features: threshold too strict to test anything");

        var ours8 = VectorizeWorld(mask, w, h, Connectivity.Eight, gt);
        Assert.All(ours8, f => Assert.True(f.Geometry.IsValid));
        AssertClose(GdalPolygonize.Run(dir, tif, eight: true).Sum(f => f.Geometry.Area), ours8.Sum(f => f.Geometry.Area));
    }

    private static (byte[] Mask, int W, int H) Make(string name) => name switch
    {
        "blobs" => (Masks.Blobs(300, 200, seed: 42), 300, 200),
        "blobs-3-classes" => (Masks.Blobs(300, 200, seed: 3, discs: 80, classes: 3), 300, 200),
        "rings" => (Masks.NestedRings(61), 61, 61),
        "checkerboard" => (Masks.Checkerboard(31, 23), 31, 23),
        "diagonal" => (Masks.DiagonalContacts(out int w, out int h), w, h),
        "edges" => (Masks.TouchingEveryEdge(64, 48), 64, 48),
        _ => throw new ArgumentException(name),
    };

    private static List<GdalPolygonize.Feature> VectorizeWorld(byte[] mask, int w, int h, Connectivity conn, GeoTransform gt) =>
        new MaskVectorizer(conn).VectorizeValues<byte>(mask, w, h)
            .Select(p => new GdalPolygonize.Feature(Georeferencing.ToWorld(p.Geometry, gt, World), p.Value))
            .ToList();

    private static GeoTransform GdalGeoTransform(string tif)
    {
        var info = System.Text.Json.JsonDocument.Parse(ProcessRunner.RunChecked("gdalinfo", "-json", tif));
        var gt = info.RootElement.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return GeoTransform.FromGdal(gt);
    }

    private static void AssertSameFeatures(IReadOnlyList<GdalPolygonize.Feature> gdal, IReadOnlyList<GdalPolygonize.Feature> ours)
    {
        Assert.Equal(gdal.Count, ours.Count);
        Assert.All(ours, f => Assert.True(f.Geometry.IsValid, f.Geometry.ToText()));
        var a = gdal.Select(f => (f.Value, f.Geometry.Area)).Order().ToList();
        var b = ours.Select(f => (f.Value, f.Geometry.Area)).Order().ToList();
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Value, b[i].Value);
            AssertClose(a[i].Area, b[i].Area);
        }
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected), $"expected {expected}, got {actual}");

    /// <summary>A pixel-space factory that counts the polygons it creates.</summary>
    private sealed class PolygonCountingFactory() : GeometryFactory(new PrecisionModel(), 0, PackedCoordinateSequenceFactory.DoubleFactory)
    {
        public int Polygons { get; private set; }

        public override Polygon CreatePolygon(LinearRing shell, LinearRing[] holes)
        {
            Polygons++;
            return base.CreatePolygon(shell, holes);
        }
    }
}
