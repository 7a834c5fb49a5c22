using System.Text.Json;
using Akka.Hosting;
using Akka.Serialization;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Actors.Serialization;
using Sam3.Raster.Tiling.Geo;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobEvents;
using static Sam3.Raster.Actors.Jobs.JobQueries;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Tests.Serialization;

public sealed class Sam3JsonSerializerTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private static readonly JobSpec Spec = TestJobs.Spec(scenes: 2);
    private static readonly JobId Id = JobId.For(Spec);
    private static readonly TileRef Tile = new(3, 1, 1, new PixelWindow(880, 880, 1008, 1008), new PixelWindow(944, 944, 880, 880), false);
    private static readonly JobResult Result = new([new PromptFeatures("red", 12), new PromptFeatures("blue", 0)], Spec.Outputs);
    private static readonly Geometry.Aoi.AreaOfInterest Aoi = new("/data/aoi.gpkg", "POLYGON ((0 0, 1 0, 1 1, 0 0))", "GEOGCRS[\"WGS 84\"]", Clip: true);
    private static readonly SceneTiles Tiles = new(Id, 0, 2000, 1900, 2, 2, [Tile, Tile with { Id = 0, IsEmpty = true }]);

    public static IReadOnlyList<ISam3Message> Samples { get; } =
    [
        new JobSubmitted(Id, Spec),
        new JobSubmitted(Id, Spec with { Bands = null, Tiles = new TileSettings(512, 64) }),
        new JobSubmitted(Id, Spec with { Geometry = new GeometrySettings(Geometry.Seams.MergeMode.Dissolve, 0.6, 1.5, 250) }),
        new JobSubmitted(Id, Spec with { SceneNames = ["S2A_1", "S2A_2"] }),
        new ScenePlanned(Id, 1, 9, [0, 4]),
        new TileCompleted(Id, 1, 3, 17),
        new TileFailed(Id, 0, 2, "cannot read window [col 0, row 0, 10x10]: I/O error", 2),
        new JobCompleted(Id, Result),
        new JobFailed(Id, "tile 2 of /data/scene0.tif failed 3 times: I/O error"),
        JobSnapshot.From(JobState.Empty(Id).ApplyAll([new JobSubmitted(Id, Spec), new ScenePlanned(Id, 0, 4, [1]), new TileCompleted(Id, 0, 2, 5), new TileFailed(Id, 0, 3, "x", 1)])),
        JobSnapshot.From(JobState.Empty(Id)),
        new StartJob(Id, Spec),
        new RecordScenePlan(Id, 0, 4, [1, 2]),
        new RecordTileCompleted(Id, 0, 3, 2),
        new RecordTileFailed(Id, 0, 3, "boom"),
        new RecordOutputsWritten(Id, Result),
        new FailJob(Id, "cancelled"),
        JobCommandResult.Accepted(Id),
        JobCommandResult.Rejected(Id, "no"),
        new GetJobProgress(Id),
        new SubscribeToJob(Id),
        new JobProgress(Id, JobStatus.Running, 2, 2, 10, 4, 1, 33, 1, null, null),
        new JobProgress(Id, JobStatus.Completed, 2, 2, 10, 10, 1, 33, 0, Result, null),
        new PlanScene(Id, 1, "/data/scene1.tif", TileSettings.Default, [1, 2, 3]),
        Tiles,
        new ScenePlanFailed(Id, 1, "not a raster"),
        new ProcessTile(Id, Spec, 1, Tile),
        new WriteOutputs(Id, Spec, [Tiles, Tiles with { Scene = 1 }]),
        new Actors.Gateway.GatewayProtocol.SubmitJob(Spec.Scenes, Spec.Prompts, Spec.Outputs, null, TileSettings.Default, [3, 2, 1], 0.4f),
        new Actors.Gateway.GatewayProtocol.SubmitJob(Spec.Scenes, [], Spec.Outputs, "/models/m.onnx", new TileSettings(512, 64), null, 0.5f),
        new Actors.Gateway.GatewayProtocol.SubmitJob(Spec.Scenes, Spec.Prompts, Spec.Outputs, null, TileSettings.Default, null, 0.5f, new GeometrySettings(Geometry.Seams.MergeMode.Instances, 0.8, 0, 12.5)),
        new Actors.Gateway.GatewayProtocol.SubmitJob(Spec.Scenes, Spec.Prompts, Spec.Outputs, null, TileSettings.Default, null, 0.5f, null, "EPSG:4326", ["S2A_1", "S2A_2"]),
        new JobSubmitted(Id, Spec with { Resolution = new Tiling.Reading.SceneResolution(0.6, "cubic"), Aoi = Aoi }),
        new ScenePlanned(Id, 1, 9, [0], [4, 5]),
        new RecordScenePlan(Id, 0, 4, [1], [2, 3]),
        JobSnapshot.From(JobState.Empty(Id).ApplyAll([new JobSubmitted(Id, Spec), new ScenePlanned(Id, 0, 4, [1], [0, 1])])),
        new JobProgress(Id, JobStatus.Running, 2, 2, 10, 4, 1, 33, 1, null, null, TilesOutsideAoi: 5),
        new PlanScene(Id, 1, "/data/scene1.tif", TileSettings.Default, null) { Resolution = new Tiling.Reading.SceneResolution(1), Aoi = Aoi },
        new SceneTiles(Id, 0, 2000, 1900, 2, 2, [Tile, Tile with { Id = 0, OutsideAoi = true }]),
        new Actors.Gateway.GatewayProtocol.SubmitJob(Spec.Scenes, Spec.Prompts, Spec.Outputs, null, TileSettings.Default, null, 0.5f, null, Resolution: new Tiling.Reading.SceneResolution(2), Aoi: Aoi),
        new Actors.Gateway.GatewayProtocol.ListJobs(null),
        new Actors.Gateway.GatewayProtocol.ListJobs(Id),
        new Actors.Gateway.GatewayProtocol.JobList([new JobProgress(Id, JobStatus.Failed, 1, 2, 9, 3, 0, 4, 3, null, "tile 2 failed")], ["akka.tcp://sam3r@127.0.0.1:4053 [control,geo] up"]),
        new TileCompleted(Id, 1, 4, 2, "akka.tcp://sam3r@w1:4053"),
        new JobCancelled(Id),
        new JobResumed(Id),
        JobSnapshot.From(JobState.Empty(Id).ApplyAll([new JobSubmitted(Id, Spec), new ScenePlanned(Id, 0, 4, [1]), new TileCompleted(Id, 0, 2, 5, "akka.tcp://sam3r@w1:4053"), new JobCancelled(Id)])),
        new CancelJob(Id),
        new RecordTileCompleted(Id, 0, 3, 2, "akka.tcp://sam3r@w1:4053"),
        new JobProgress(Id, JobStatus.Cancelled, 2, 2, 10, 4, 1, 33, 1, null, null, Spec, [new NodeTiles("akka.tcp://sam3r@w1:4053", 3, 1.25)]),
        new ProcessTile(Id, Spec, 1, Tile, 2),
        Actors.Nodes.NodeProtocol.GetNodeInfo.Instance,
        new Actors.Nodes.NodeProtocol.NodeInfo("akka.tcp://sam3r@w1:4053", ["gpu"], "/models/m.onnx", 1234, "CPU", 7),
        new Actors.Nodes.NodeProtocol.NodeInfo("akka.tcp://sam3r@c:4053", ["control", "geo"], null, null, null, 0),
        new Actors.Nodes.NodeProtocol.DropJob(Id, 0),
        new Actors.Gateway.GatewayProtocol.JobList([], ["akka.tcp://sam3r@w1:4053 [gpu] up"], [new Actors.Nodes.NodeProtocol.NodeInfo("akka.tcp://sam3r@w1:4053", ["gpu"], "/models/m.onnx", 1234, "CPU", 7)]),
        new GetJobTiles(Id),
        new JobTiles(Id, JobStatus.Running, Spec, [new SceneTileStates(0, "/data/scene0.tif", [new TileState(3, Tile.Core, TileStatus.InFlight), new TileState(4, null, TileStatus.OutsideAoi)]), new SceneTileStates(1, "/data/scene1.tif", [])]),
        new JobTiles(Id, JobStatus.New, null, []),
    ];

    public static TheoryData<int> SampleIndexes => [.. Enumerable.Range(0, Samples.Count)];

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithSam3Serialization();

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_protocol_message_round_trips_through_the_json_serializer(int index)
    {
        var message = Samples[index];
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<Sam3JsonSerializer>(serializer);

        var bytes = serializer.ToBinary(message);
        string manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.IsType(message.GetType(), back);
        Assert.Equal(Json(message), Json(back));
        Assert.DoesNotContain("$type", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Value_messages_are_equal_after_a_round_trip()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(Samples[0]);
        foreach (var m in Samples.OfType<TileCompleted>().Cast<ISam3Message>().Concat(Samples.OfType<JobSubmitted>()))
        {
            Assert.Equal(m, serializer.FromBinary(serializer.ToBinary(m), serializer.Manifest(m)));
        }
    }

    [Fact]
    public void Every_message_type_has_a_manifest_and_a_sample()
    {
        var types = typeof(ISam3Message).Assembly.GetTypes()
            .Where(t => typeof(ISam3Message).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToHashSet();
        Assert.Equal(types.OrderBy(t => t.FullName), ProtocolManifests.Types.OrderBy(t => t.FullName));
        Assert.Equal(types.OrderBy(t => t.FullName), Samples.Select(s => s.GetType()).Distinct().OrderBy(t => t.FullName));
    }

    [Fact]
    public void A_tile_completion_without_a_node_is_written_as_before_nodes_were_named()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(Samples[0]);
        Assert.DoesNotContain("Node", System.Text.Encoding.UTF8.GetString(serializer.ToBinary(new TileCompleted(Id, 1, 3, 17))), StringComparison.Ordinal);
        var old = serializer.FromBinary(serializer.ToBinary(new TileCompleted(Id, 1, 3, 17)), serializer.Manifest(new TileCompleted(Id, 1, 3, 17)));
        Assert.Null(((TileCompleted)old).Node);
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(Samples[0]);
        Assert.Throws<ArgumentException>(() => serializer.FromBinary("{}"u8.ToArray(), "System.IO.FileInfo, System.IO"));
    }

    private static string Json(object o) => JsonSerializer.Serialize(o, o.GetType(), Sam3JsonSerializer.Options);
}
