using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>Failures are never silent: a tile that cannot be read is retried, then fails the job naming it (bad inputs: Sam3.Raster.Cli.Tests).</summary>
public sealed class FailureTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task A_tile_that_cannot_be_read_is_retried_then_fails_the_job_naming_it()
    {
        using var temp = new TempDirectory("sam3r-badtile");
        // No nodata: planning reads no pixels, so the damage shows only when a tile is read.
        string path = (SyntheticScene.Standard() with { NoData = null }).Write(temp.File("damaged.tif"));
        Damage(path);

        var spec = PipelineRun.Spec(path, scene.ModelPath, temp.Path, ["red"]);
        var (final, _) = await PipelineRun.RunAsync(spec, temp.File("state.db"), PipelineSettings.Default with { MaxInFlightTiles = 4 });

        Assert.Equal(JobStatus.Failed, final.Status);
        Assert.Matches(@"tile \d+ of .*damaged\.tif failed 3 times: cannot read", final.FailureReason);
        Assert.True(final.TileFailures >= 3);
        Assert.False(File.Exists(spec.Outputs[0]));

        // A failed job is not resumed silently: starting it again is refused with the reason.
        var again = await Assert.ThrowsAsync<JobRefusedException>(() => PipelineRun.RunAsync(spec, temp.File("state.db"), PipelineSettings.Default));
        Assert.Contains("damaged.tif", again.Message);
    }

    /// <summary>Overwrites the middle of the file: the compressed blocks there no longer decode.</summary>
    private static void Damage(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.Position = f.Length / 2;
        f.Write(Enumerable.Repeat((byte)0x5A, 64 * 1024).ToArray());
    }
}
