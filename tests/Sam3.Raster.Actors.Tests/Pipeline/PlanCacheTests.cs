using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Tests.Pipeline;

/// <summary>A plan made ahead is the plan the planner would make, given once, to its own request only.</summary>
public sealed class PlanCacheTests
{
    [Fact]
    public void A_prepared_plan_equals_a_fresh_one_and_is_taken_once_by_its_own_request()
    {
        using var temp = new TempDirectory("sam3r-plans");
        string scene = SyntheticScene.Standard().Write(temp.File("scene.tif"));
        var spec = TestJobs.Spec(work: temp.File("work")) with { Scenes = [scene, temp.File("missing.tif")], Bands = null };
        var id = JobId.For(spec);
        var cache = new PlanCache();

        cache.PrepareAll(id, spec);
        var request = new PlanScene(id, 0, scene, spec.Tiles, spec.Bands);
        var first = cache.Peek(request);

        // Asked again (sam3r run plans before its node starts, the head start asks once it is up):
        // the plan already under way stays the one, and Peek leaves it for the request.
        cache.PrepareAll(id, spec);
        Assert.NotNull(first);
        Assert.Same(first, cache.Peek(request));

        Assert.Null(cache.TryTake(request with { Tiles = spec.Tiles with { Overlap = spec.Tiles.Overlap + 64 } }));
        Assert.Null(cache.TryTake(request with { Bands = [1, 2, 3] }));
        var prepared = Assert.IsType<SceneTiles>(cache.TryTake(request));
        var fresh = Assert.IsType<SceneTiles>(TilePlannerActor.Plan(request));
        Assert.Equal((fresh.Width, fresh.Height, fresh.Columns, fresh.Rows), (prepared.Width, prepared.Height, prepared.Columns, prepared.Rows));
        Assert.Equal(fresh.Tiles, prepared.Tiles);
        Assert.Contains(prepared.Tiles, t => t.IsEmpty);
        Assert.Null(cache.TryTake(request));

        // A scene that cannot be planned gives the failure the planner would have replied.
        var failed = Assert.IsType<ScenePlanFailed>(cache.TryTake(new PlanScene(id, 1, temp.File("missing.tif"), spec.Tiles, spec.Bands)));
        Assert.Contains("missing.tif", failed.Reason);
    }
}
