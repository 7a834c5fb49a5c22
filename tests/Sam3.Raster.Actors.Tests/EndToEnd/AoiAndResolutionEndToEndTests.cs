using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Geometry.Aoi;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>
/// A job whose spec carries a resolution and an AOI runs on a node that has never seen the AOI's
/// file: the spec is all a node needs, as on a cluster.
/// </summary>
public sealed class AoiAndResolutionEndToEndTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task A_clipped_aoi_at_half_resolution_reads_only_the_tiles_that_meet_it_and_cuts_the_features_to_it()
    {
        using var temp = new TempDirectory("sam3r-e2e-aoi");
        using var utm = SpatialReference.FromEpsg(SyntheticScene.Epsg);

        // The scene's top-left 8 km (400 px at 20 m): at 20 m the scene is 1500 px, tiles start at 0
        // and 492, so only the top-left tile's window meets it.
        var aoi = new AreaOfInterest("/nowhere/aoi.gpkg", "POLYGON ((500000 7000000, 508000 7000000, 508000 6992000, 500000 6992000, 500000 7000000))", utm.Wkt, Clip: true);
        var spec = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, temp.Path, ["red"]) with { Resolution = new SceneResolution(20), Aoi = aoi };

        var (final, resources) = await PipelineRun.RunAsync(spec, temp.File("state.db"), PipelineSettings.Default);

        Assert.Equal(JobStatus.Completed, final.Status);
        Assert.Equal(4, final.TilesTotal);
        Assert.Equal(3, final.TilesOutsideAoi);
        Assert.Equal(1, resources.Processed.Count);

        // The long red bar (x 505000–526000 m, y 6996400–6997000 m) is the one red object there, cut at the AOI's east edge.
        var bar = Assert.Single(Geometry.Output.GeoParquetFeatures.Read(spec.Outputs[0])).Geometry.EnvelopeInternal;
        Assert.Equal(508000, bar.MaxX, 0.001);
        Assert.Equal(505000, bar.MinX, 20.0);
        Assert.Equal(6996400, bar.MinY, 20.0);
        Assert.Equal(6997000, bar.MaxY, 20.0);
    }
}
