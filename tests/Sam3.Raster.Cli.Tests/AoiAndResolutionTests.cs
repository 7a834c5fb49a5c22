using System.Text.Json;
using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// <c>--aoi</c>, <c>--aoi-clip</c> and <c>--resolution</c> through <c>sam3r run</c> on the standard
/// colour scene (3000 px at 10 m, 4 × 4 tiles of 1008 px, EPSG:32633) with the colour model. The
/// AOI covers the scene's top-left 1100 × 1100 px: the windows of 2 × 2 tiles meet it.
/// </summary>
public sealed class AoiAndResolutionTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    private const int AoiPixels = 1100;

    private static readonly Envelope AoiWorld = new(
        SyntheticScene.Transform.OriginX,
        SyntheticScene.Transform.OriginX + (AoiPixels * SyntheticScene.Transform.ColStepX),
        SyntheticScene.Transform.OriginY + (AoiPixels * SyntheticScene.Transform.RowStepY),
        SyntheticScene.Transform.OriginY);

    [Fact]
    public void Tiles_that_miss_a_lon_lat_aoi_are_never_read_and_features_that_miss_it_are_dropped()
    {
        using var temp = new TempDirectory("sam3r-aoi");
        string aoi = WriteLonLatAoi(temp.File("aoi.geojson"));
        File.WriteAllLines(temp.File("scenes.txt"), ["# the scene, listed", scene.ScenePath]);

        var r = Sam3r("run", "--inputs", temp.File("scenes.txt"), "--prompt", "red", "--model", scene.ModelPath, "--out", temp.File("o.parquet"), "--aoi", aoi, "--json");

        Assert.True(r.ExitCode == 0, r.StdErr);
        var summary = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.Equal(16, summary.GetProperty("tiles").GetInt32());
        Assert.Equal(12, summary.GetProperty("tilesOutsideAoi").GetInt32());
        Assert.Equal(4, summary.GetProperty("tilesRunNow").GetInt32());
        Assert.Equal(0, summary.GetProperty("skippedEmptyTiles").GetInt32()); // the nodata tile is outside: never read, not even for its mask

        // The red objects that meet the AOI: the long bar, beyond the AOI as far as the tiles read
        // cover it (to the end of their cores: 880 + 1008 - 64 = 1824 px), and the square on the seam crossing.
        var features = GeoParquetFeatures.Read(temp.File("o.parquet")).Select(f => f.Geometry).ToList();
        Assert.Equal(2, features.Count);
        Assert.All(features, f => Assert.True(f.EnvelopeInternal.Intersects(AoiWorld)));
        var bar = Assert.Single(features, f => f.EnvelopeInternal.Width > AoiWorld.Width);
        Assert.Equal(new Envelope(505000, 518240, 6996400, 6997000), bar.EnvelopeInternal);
        var square = Assert.Single(features, f => f != bar);
        Assert.Equal(new Envelope(508600, 510400, 6989600, 6991400), square.EnvelopeInternal);
    }

    [Fact]
    public void Aoi_clip_cuts_every_feature_to_an_aoi_given_in_another_crs_and_format()
    {
        using var temp = new TempDirectory("sam3r-aoi-clip");
        string lonLat = WriteLonLatAoi(temp.File("aoi.geojson"));
        string gpkg = temp.File("aoi.gpkg");
        ProcessRunner.RunChecked("ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:3857", gpkg, lonLat);

        var r = Sam3r("run", "--input", scene.ScenePath, "--prompt", "red", "--model", scene.ModelPath, "--out", temp.File("o.parquet"), "--aoi", gpkg, "--aoi-clip", "--json");

        Assert.True(r.ExitCode == 0, r.StdErr);
        var summary = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.Equal(12, summary.GetProperty("tilesOutsideAoi").GetInt32());
        var features = GeoParquetFeatures.Read(temp.File("o.parquet")).Select(f => f.Geometry).ToList();
        Assert.Equal(2, features.Count);

        // Cut at the AOI's east edge, within the reprojection's round trip (EPSG:32633 → 4326 → 3857 → 32633).
        var bar = features.MaxBy(f => f.EnvelopeInternal.Width)!;
        Assert.Equal(AoiWorld.MaxX, bar.EnvelopeInternal.MaxX, 0.01);
        var expanded = new Envelope(AoiWorld);
        expanded.ExpandBy(0.01);
        Assert.All(features, f => Assert.True(expanded.Covers(f.EnvelopeInternal), f.EnvelopeInternal.ToString()));
    }

    [Fact]
    public void A_run_at_half_resolution_puts_every_object_where_it_is_within_a_coarse_pixel()
    {
        using var temp = new TempDirectory("sam3r-resolution");

        var r = Sam3r("run", "--input", scene.ScenePath, "--prompt", "red", "--model", scene.ModelPath, "--out", temp.File("o.parquet"), "--resolution", "20", "--json");

        Assert.True(r.ExitCode == 0, r.StdErr);
        var summary = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.Equal(4, summary.GetProperty("tiles").GetInt32()); // 1500 × 1500 px at 20 m: 2 × 2 tiles, not 4 × 4
        var features = GeoParquetFeatures.Read(temp.File("o.parquet")).Select(f => f.Geometry.EnvelopeInternal).ToList();
        var truth = scene.Scene.ObjectsOf("red").Select(o => WorldEnvelope(o.Bounds)).ToList();
        Assert.Equal(truth.Count, features.Count);
        foreach (var expected in truth)
        {
            Assert.Contains(features, f => Near(f, expected, 20));
        }
    }

    [Theory]
    [InlineData("missing", "no such file")]
    [InlineData("garbage", "GDAL cannot read it as a vector file")]
    [InlineData("elsewhere", "misses every scene")]
    public void A_bad_aoi_is_one_line_naming_the_file_before_any_work(string kind, string expected)
    {
        using var temp = new TempDirectory("sam3r-aoi-bad");
        string path = temp.File($"{kind}.geojson");
        if (kind == "garbage")
        {
            File.WriteAllText(path, "not a vector file");
        }
        else if (kind == "elsewhere")
        {
            File.WriteAllText(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[2,48],[3,48],[3,49],[2,49],[2,48]]]}}]}""");
        }

        var r = Sam3r("run", "--input", scene.ScenePath, "--prompt", "red", "--model", scene.ModelPath, "--out", temp.File("o.parquet"), "--aoi", path);

        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"sam3r: error: --aoi {path}: ", line);
        Assert.Contains(expected, line);
        Assert.False(File.Exists(temp.File("o.parquet")));
    }

    [Theory]
    [InlineData("0", "--resolution must be a positive number")]
    [InlineData("-2.5", "--resolution must be a positive number")]
    public void A_non_positive_resolution_is_one_line_naming_the_option(string value, string expected)
    {
        using var temp = new TempDirectory("sam3r-resolution-bad");

        var r = Sam3r("run", "--input", scene.ScenePath, "--prompt", "red", "--model", scene.ModelPath, "--out", temp.File("o.parquet"), "--resolution", value);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"sam3r: error: {expected}", Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("submit", "--seeds", "127.0.0.1:1")]
    public void Aoi_clip_without_an_aoi_is_refused_by_run_and_submit(string command, params string[] more)
    {
        using var temp = new TempDirectory("sam3r-aoi-clip-alone");

        var r = Sam3r([command, .. more, "--input", scene.ScenePath, "--prompt", "red", "--model", scene.ModelPath, "--out", temp.File("o.parquet"), "--aoi-clip"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("sam3r: error: --aoi-clip needs --aoi FILE", Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>The AOI (the scene's top-left 1100 px) as RFC 7946 GeoJSON: its corners taken to lon/lat through PROJ, densified so its edges stay straight in the scene's CRS.</summary>
    private static string WriteLonLatAoi(string path)
    {
        using var utm = SpatialReference.FromEpsg(SyntheticScene.Epsg);
        using var toLonLat = CoordinateTransformation.ToWgs84(utm);
        var ring = new List<string>();
        var corners = new[] { (AoiWorld.MinX, AoiWorld.MaxY), (AoiWorld.MaxX, AoiWorld.MaxY), (AoiWorld.MaxX, AoiWorld.MinY), (AoiWorld.MinX, AoiWorld.MinY), (AoiWorld.MinX, AoiWorld.MaxY) };
        for (int i = 0; i < corners.Length - 1; i++)
        {
            for (int s = 0; s < 16; s++)
            {
                double t = s / 16.0;
                var (lon, lat) = toLonLat.Transform(corners[i].Item1 + (t * (corners[i + 1].Item1 - corners[i].Item1)), corners[i].Item2 + (t * (corners[i + 1].Item2 - corners[i].Item2)));
                ring.Add(FormattableString.Invariant($"[{lon:R},{lat:R}]"));
            }
        }

        ring.Add(ring[0]);
        File.WriteAllText(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[""" + string.Join(',', ring) + "]]}}]}");
        return path;
    }

    private static Envelope WorldEnvelope(Tiling.Geo.PixelWindow w)
    {
        var (x0, y0) = SyntheticScene.Transform.ToWorld(w.Col, w.Row);
        var (x1, y1) = SyntheticScene.Transform.ToWorld(w.Col + w.Width, w.Row + w.Height);
        return new Envelope(x0, x1, y0, y1);
    }

    private static bool Near(Envelope a, Envelope b, double tolerance) =>
        Math.Abs(a.MinX - b.MinX) <= tolerance && Math.Abs(a.MaxX - b.MaxX) <= tolerance
        && Math.Abs(a.MinY - b.MinY) <= tolerance && Math.Abs(a.MaxY - b.MaxY) <= tolerance;

    private static ProcessResult Sam3r(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), .. args], TimeSpan.FromMinutes(4));
}
