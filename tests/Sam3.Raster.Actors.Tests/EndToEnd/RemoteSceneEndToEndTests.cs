using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.TestSupport;
using Sam3.Raster.TestSupport.Http;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>A scene read over HTTP from a loopback server (a COG, range requests) gives the outputs of the same file on disk.</summary>
public sealed class RemoteSceneEndToEndTests(ColorSceneFixture model) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task A_tile_whose_remote_read_is_cut_mid_body_is_retried_and_the_outputs_equal_the_local_runs()
    {
        using var temp = new TempDirectory("sam3r-remote-job");
        // No nodata: planning reads no pixels, so every read of the scene's middle is a tile's.
        string source = (SyntheticScene.Scaled(1900) with { NoData = null }).Write(temp.File("source.tif"));
        string cog = CogFiles.Write(source, Path.Combine(Directory.CreateDirectory(temp.File("served")).FullName, "scene.tif"));
        using var server = new RangeFileServer(temp.File("served"));
        var local = Spec(cog, temp.File("local"));
        var remote = Spec("/vsicurl/" + server.Url("scene.tif"), temp.File("remote")) with { MaxTileAttempts = 5 };

        var (localFinal, _) = await PipelineRun.RunAsync(local, temp.File("local.db"), PipelineSettings.Default);
        // Three drops in a row: more than GDAL's own re-reads of a dropped range absorb, so a tile's
        // read fails (once or more) and the job runs it again; five attempts outlast the three drops.
        server.Inject(new RangeFault(new FileInfo(cog).Length / 2, AfterBytes: 1000, Times: 3));
        var (remoteFinal, _) = await PipelineRun.RunAsync(remote, temp.File("remote.db"), PipelineSettings.Default);

        Assert.Equal(JobStatus.Completed, localFinal.Status);
        Assert.Equal(JobStatus.Completed, remoteFinal.Status);
        Assert.Equal(3, server.Drops);
        Assert.InRange(remoteFinal.TileFailures, 1, 3);
        Assert.Equal(0, localFinal.TileFailures);
        Assert.NotEmpty(PipelineRun.Features(local.Outputs[0]));
        Assert.Equal(File.ReadAllBytes(local.Outputs[0]), File.ReadAllBytes(remote.Outputs[0]));
        Assert.Equal(File.ReadAllText(local.Outputs[1]), File.ReadAllText(remote.Outputs[1]));
    }

    /// <summary>Both runs name their scene alike, so the features (scene attribute included) must be the same bytes.</summary>
    private JobSpec Spec(string scene, string folder) =>
        PipelineRun.Spec(scene, model.ModelPath, Directory.CreateDirectory(folder).FullName, ["red", "blue"]) with { SceneNames = ["scene"] };
}
