using System.Text.Json;
using NetTopologySuite.Geometries;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Maps;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Geometry.Vectorize;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Actors.Tests.Maps;

/// <summary>
/// A job on the dashboard's map, on a real GeoTIFF (the synthetic scene, 2000 px in UTM 33N: nine
/// tiles): footprints in lon/lat as GDAL gives them, and the features of done tiles read from
/// their stored results.
/// </summary>
public sealed class JobMapTests : IDisposable
{
    private readonly TempDirectory temp = new("sam3r-map");
    private readonly string scene;
    private readonly JobSpec spec;

    public JobMapTests()
    {
        scene = SyntheticScene.Scaled(2000).Write(temp.File("scene.tif"));
        spec = TestJobs.Spec(work: temp.File("work")) with { Scenes = [scene], Outputs = [temp.File("out.geojson")] };
    }

    public void Dispose() => temp.Dispose();

    private JobTiles Tiles(JobStatus status, params TileStatus[] states) => new(
        JobId.For(spec),
        status,
        spec,
        [new SceneTileStates(0, scene, [.. states.Select((s, i) => new TileState(i, null, s))])]);

    [Fact]
    public void The_scene_footprint_has_the_corners_gdalinfo_gives_in_wgs84()
    {
        var map = new JobMapBuilder(new SceneGeoCache()).Build(Tiles(JobStatus.Running, TileStatus.Done, TileStatus.InFlight, TileStatus.Pending, TileStatus.Empty));

        using var info = JsonDocument.Parse(ProcessRunner.RunChecked("gdalinfo", "-json", scene));
        var expected = info.RootElement.GetProperty("wgs84Extent").GetProperty("coordinates")[0].EnumerateArray()
            .Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList();
        var sceneMap = map.Scenes.Single();
        Assert.True(sceneMap.Georeferenced);
        foreach (var (lon, lat) in expected)
        {
            Assert.Contains(sceneMap.Footprint!, p => Math.Abs(p[0] - lon) < 1e-6 && Math.Abs(p[1] - lat) < 1e-6);
        }

        Assert.Equal(expected.Min(p => p.Lon), sceneMap.Bounds![0], 6);
        Assert.Equal(expected.Max(p => p.Lat), sceneMap.Bounds![3], 6);
    }

    [Fact]
    public void Tiles_without_cores_get_the_grid_cores_which_cover_the_footprint_once()
    {
        TileStatus[] states = [TileStatus.Done, TileStatus.InFlight, TileStatus.Pending, TileStatus.Failed, TileStatus.Pending, TileStatus.Pending, TileStatus.Pending, TileStatus.Pending, TileStatus.Pending];
        var map = new JobMapBuilder(new SceneGeoCache()).Build(Tiles(JobStatus.Running, states));

        var sceneMap = map.Scenes.Single();
        Assert.Equal(states, sceneMap.Tiles.Select(t => t.Status));
        Assert.Equal(1, map.Counts[TileStatus.Done]);
        Assert.Equal(0, map.Counts[TileStatus.OutsideAoi]);
        var factory = new GeometryFactory();
        Polygon Poly(double[][] ring) => factory.CreatePolygon([.. ring.Select(p => new Coordinate(p[0], p[1]))]);
        var footprint = Poly(sceneMap.Footprint!);
        var tiles = sceneMap.Tiles.Select(t => Poly(t.Ring)).ToList();
        Assert.Equal(footprint.Area, tiles.Sum(t => t.Area), footprint.Area * 1e-4);
        // Tile edges run straight between their corners while the outline bends along its edges: a metre of slack.
        Assert.All(tiles, t => Assert.True(footprint.Buffer(1e-5).Contains(t)));
        for (int i = 0; i < tiles.Count; i++)
        {
            for (int j = i + 1; j < tiles.Count; j++)
            {
                Assert.True(tiles[i].Intersection(tiles[j]).Area < tiles[i].Area * 1e-6, $"tiles {i} and {j} overlap");
            }
        }
    }

    [Fact]
    public void A_scene_that_cannot_be_read_is_listed_with_the_reason_and_no_tiles()
    {
        var missing = new JobTiles(JobId.For(spec), JobStatus.Running, spec, [new SceneTileStates(0, temp.File("gone.tif"), [new TileState(0, new PixelWindow(0, 0, 10, 10), TileStatus.Pending)])]);

        var sceneMap = new JobMapBuilder(new SceneGeoCache()).Build(missing).Scenes.Single();

        Assert.Empty(sceneMap.Tiles);
        Assert.Null(sceneMap.Footprint);
        Assert.Contains("gone.tif", sceneMap.Problem);
    }

    [Fact]
    public void While_running_the_features_are_those_of_the_done_tiles_in_lon_lat_inside_their_tile()
    {
        var grid = TilePlanner.Plan(2000, 2000, new TileOptions(spec.Tiles.TileSize, spec.Tiles.Overlap)).Tiles;
        var core = grid[1].Core;
        var square = PixelSpace.Factory.ToGeometry(new Envelope(core.Col + 10, core.Col + 30, core.Row + 10, core.Row + 30));
        TileResultStore.Write(spec.WorkDirectory, 0, 1, [new TileFeature(1, 0.9f, 3, square)]);
        TileResultStore.Write(spec.WorkDirectory, 0, 2, [new TileFeature(0, 0.8f, 4, square)]); // not recorded done yet: not shown
        var tiles = Tiles(JobStatus.Running, TileStatus.Pending, TileStatus.Done, TileStatus.InFlight, TileStatus.Pending);
        var map = new JobMapBuilder(new SceneGeoCache()).Build(tiles);

        using var features = Features(tiles);

        var root = features.RootElement;
        Assert.Equal("tiles", root.GetProperty("source").GetString());
        Assert.False(root.GetProperty("truncated").GetBoolean());
        var feature = Assert.Single(root.GetProperty("features").EnumerateArray());
        Assert.Equal("blue", feature.GetProperty("properties").GetProperty("prompt").GetString());
        Assert.Equal(1, feature.GetProperty("properties").GetProperty("tile").GetInt32());
        var ring = feature.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble())).ToArray();
        var factory = new GeometryFactory();
        var tileRing = map.Scenes.Single().Tiles[1].Ring;
        Assert.True(factory.CreatePolygon([.. tileRing.Select(p => new Coordinate(p[0], p[1]))]).Contains(factory.CreatePolygon(ring)));
    }

    [Fact]
    public void A_completed_job_gives_its_geojson_output_as_written()
    {
        const string written = """{"type":"FeatureCollection","features":[]}""";
        File.WriteAllText(spec.Outputs[0], written);
        using var stream = new MemoryStream();

        new JobFeatures(new SceneGeoCache()).Write(Tiles(JobStatus.Completed, TileStatus.Done, TileStatus.Done, TileStatus.Done, TileStatus.Done), stream);

        Assert.Equal(written, System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static JsonDocument Features(JobTiles tiles)
    {
        using var stream = new MemoryStream();
        new JobFeatures(new SceneGeoCache()).Write(tiles, stream);
        return JsonDocument.Parse(stream.ToArray());
    }
}
