using Sam3.Raster.Actors.Gateway;
using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Nodes.NodeProtocol;

namespace Sam3.Raster.Actors.Tests.Gateway;

public sealed class JobRequestSpecs
{
    private static readonly JobRequest Request = new() { Inputs = ["/data/a.tif", "/vsis3/bucket/b.tif"], Prompts = [" red "], Outputs = ["/out/o.parquet"] };

    [Fact]
    public void A_request_becomes_the_gateways_submit_with_the_job_defaults()
    {
        var submit = Request.ToSubmitJob(baseDirectory: null);
        Assert.Equal(["/data/a.tif", "/vsis3/bucket/b.tif"], submit.Scenes);
        Assert.Equal(["red"], submit.Prompts);
        Assert.Null(submit.ModelPath);
        Assert.Equal(TileSettings.Default, submit.Tiles);
        Assert.Equal(JobSpec.DefaultThreshold, submit.Threshold);
        Assert.Equal(GeometrySettings.Default, submit.Geometry);
    }

    [Fact]
    public void Relative_paths_are_taken_from_the_clients_folder_and_refused_without_one()
    {
        var relative = Request with { Inputs = ["scene.tif"] };
        Assert.Equal(["/home/me/scene.tif"], relative.ToSubmitJob("/home/me").Scenes);
        var refused = Assert.Throws<ArgumentException>(() => relative.ToSubmitJob(null));
        Assert.Equal("--input scene.tif: give the path as the nodes see it, from the root (/…)", refused.Message);
    }

    [Theory]
    [InlineData(512, 128, null, 0.5f, "instances", "--tile: ")]
    [InlineData(1008, 128, "3,2", 0.5f, "instances", "--bands needs 3 bands (R,G,B) or 1 (grey), got 2")]
    [InlineData(1008, 128, null, 1.5f, "instances", "--threshold must be between 0 and 1, got 1.5")]
    [InlineData(1008, 128, null, 0.5f, "union", "--merge takes instances or dissolve, got 'union'")]
    public void Bad_options_are_one_line_naming_the_option(int tile, int overlap, string? bands, float threshold, string merge, string message)
    {
        var bad = Request with { Tile = tile, Overlap = overlap, Bands = bands, Threshold = threshold, Merge = merge };
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => bad.ToSubmitJob(null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gpu_nodes_model_is_the_default_and_different_models_are_named()
    {
        var control = new NodeInfo("akka.tcp://sam3r@c:4053", ["control", "geo"], null, null, null, 0);
        var w1 = new NodeInfo("akka.tcp://sam3r@w1:4053", ["gpu"], "/models/a.onnx", 100, "CPU", 0);
        var w2 = w1 with { Address = "akka.tcp://sam3r@w2:4053" };
        Assert.Equal("/models/a.onnx", GpuModels.Common([control, w1, w2]));
        Assert.Null(GpuModels.Describe([control, w1, w2]));
        Assert.Null(GpuModels.Common([control]));

        var other = w2 with { Model = "/models/b.onnx", ModelBytes = 200 };
        Assert.Null(GpuModels.Common([w1, other]));
        Assert.Equal(
            "gpu nodes have different models: akka.tcp://sam3r@w1:4053: /models/a.onnx (100 bytes); akka.tcp://sam3r@w2:4053: /models/b.onnx (200 bytes)",
            GpuModels.Describe([w1, other]));
        Assert.NotNull(GpuModels.Describe([w1, w2 with { ModelBytes = 101 }]));
    }
}
