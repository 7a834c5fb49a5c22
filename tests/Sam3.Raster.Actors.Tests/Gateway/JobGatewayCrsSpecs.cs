using Akka.Hosting;
using Sam3.Raster.Actors.Gateway;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Writing;
using static Sam3.Raster.Actors.Jobs.JobCommands;

namespace Sam3.Raster.Actors.Tests.Gateway;

/// <summary>The gateway applies the output-CRS rule to the scenes it can open, before a job starts.</summary>
public sealed class JobGatewayCrsSpecs(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private const string WorkRoot = "/shared/work";

    // The gateway opens the scenes with GDAL, which registers its drivers on first use.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
    }

    private static string Scene(TempDirectory dir, string name, int? epsg)
    {
        string path = dir.File(name);
        using var crs = epsg is int code ? SpatialReference.FromEpsg(code) : null;
        using var writer = GeoTiffWriter.Create(path, 8, 8, 3, GdalDataType.Byte, epsg is null ? null : new GeoTransform(500000, 10, 0, 7000000, 0, -10), crs);
        return path;
    }

    private static GatewayProtocol.SubmitJob Submit(IReadOnlyList<string> scenes, string output, string? outputCrs = null) =>
        new(scenes, ["red"], [output], "/models/color.onnx", TileSettings.Default, null, JobSpec.DefaultThreshold, OutputCrs: outputCrs);

    [Fact]
    public void Scenes_in_two_CRSs_are_refused_naming_them_unless_an_output_CRS_is_given()
    {
        using var dir = new TempDirectory();
        string[] scenes = [Scene(dir, "a.tif", 32633), Scene(dir, "b.tif", 32632)];
        var jobs = CreateTestProbe();
        var gateway = Sys.ActorOf(JobGateway.Props(jobs.Ref, WorkRoot, defaultModel: null));

        gateway.Tell(Submit(scenes, "/out/o.gpkg"), TestActor);
        var refused = ExpectMsg<JobCommandResult>(Patience);
        Assert.Equal(JobCommandOutcome.Rejected, refused.Outcome);
        Assert.Equal($"the scenes are in 2 different CRSs: EPSG:32633 ({scenes[0]}), EPSG:32632 ({scenes[1]}); pass --out-crs (e.g. --out-crs EPSG:4326) to write their features in one", refused.Reason);
        jobs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        gateway.Tell(Submit(scenes, "/out/o.gpkg", "4326"), TestActor);
        Assert.Equal("EPSG:4326", jobs.ExpectMsg<StartJob>(Patience).Spec.OutputCrs);
    }

    [Fact]
    public void A_GeoJSON_output_with_an_ungeoreferenced_scene_or_an_unknown_output_CRS_is_refused_and_no_job_starts()
    {
        using var dir = new TempDirectory();
        string plain = Scene(dir, "plain.tif", null);
        var jobs = CreateTestProbe();
        var gateway = Sys.ActorOf(JobGateway.Props(jobs.Ref, WorkRoot, defaultModel: null));

        gateway.Tell(Submit([plain], "/out/o.geojson"), TestActor);
        Assert.StartsWith($"{plain} has no georeferencing", ExpectMsg<JobCommandResult>(Patience).Reason);
        gateway.Tell(Submit([plain], "/out/o.parquet", "EPSG:999999"), TestActor);
        Assert.StartsWith("--out-crs: 'EPSG:999999' is not a CRS", ExpectMsg<JobCommandResult>(Patience).Reason);
        jobs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // Pixel coordinates in GeoParquet are allowed.
        gateway.Tell(Submit([plain], "/out/o.parquet"), TestActor);
        Assert.Null(jobs.ExpectMsg<StartJob>(Patience).Spec.OutputCrs);
    }
}
