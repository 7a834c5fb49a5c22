using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>A fresh run's head start does the job's first tiles once, and the job takes them.</summary>
public sealed class HeadStartEndToEndTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task The_job_takes_the_head_starts_tiles_and_no_tile_runs_twice()
    {
        using var temp = new TempDirectory("sam3r-headstart-e2e");
        var spec = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, temp.Path, ["red"]);
        var settings = PipelineSettings.Default with { MaxInFlightTiles = 6 };

        var (final, resources) = await PipelineRun.RunAsync(spec, temp.File("state.db"), settings);

        Assert.Equal(JobStatus.Completed, final.Status);
        long run = final.TilesDone - final.TilesEmpty;
        Assert.Equal(Math.Min(6, run), resources.HeadStart.Started);
        Assert.Equal(resources.HeadStart.Started, resources.HeadStart.Joined);
        Assert.Equal(run, resources.Processed.Count);
        Assert.InRange(resources.Patches.PeakInUse, 1, 6);
    }
}
