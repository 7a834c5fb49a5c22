using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Persistence.Hosting;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Diagnostics;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Actors.Tests.Diagnostics;
using Sam3.Raster.Tiling.Geo;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Tests.Entities;

/// <summary>
/// The in-flight gauge (<see cref="PipelineMetrics.TilesInFlight"/>) around one real job entity,
/// its planner, tile processor and writer TestKit probes. In the metrics collection: the meter is
/// process-wide, so no other entity may dispatch meanwhile.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class JobEntityInFlightGaugeTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private const int Window = 3;

    /// <summary>A cluster node of the gpu role, never joined (see <see cref="GpuMemberRemoved"/>).</summary>
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder
        .WithRemoting(new RemoteOptions { HostName = "127.0.0.1", Port = 0 })
        .WithClustering(new ClusterOptions { Roles = [ClusterConstants.GpuRole] })
        .WithInMemoryJournal()
        .WithInMemorySnapshotStore();

    [Fact]
    public void Tiles_sent_again_after_a_gpu_node_left_count_once_in_the_gauge_and_none_after_the_entity_stops()
    {
        using var gauge = new InFlightGauge();
        var spec = TestJobs.Spec();
        var id = JobId.For(spec);
        var planner = CreateTestProbe();
        var tiles = CreateTestProbe();
        var entity = Sys.ActorOf(JobEntity.Props(id.Value, new JobEntitySettings(MaxInFlightTiles: Window), new JobPipeline(planner, tiles, CreateTestProbe())));
        var client = CreateTestProbe();

        entity.Tell(new StartJob(id, spec), client);
        client.ExpectMsg<JobCommandResult>(r => Assert.Equal(JobCommandOutcome.Accepted, r.Outcome));
        planner.ExpectMsg<PlanScene>();
        planner.Reply(new SceneTiles(id, 0, 1000, 100, 10, 1, [.. Enumerable.Range(0, 10).Select(i => new TileRef(i, i, 0, new PixelWindow(i * 100, 0, 100, 100), new PixelWindow(i * 100, 0, 100, 100), false))]));
        var first = Enumerable.Range(0, Window).Select(_ => tiles.ExpectMsg<ProcessTile>().Tile.Id).ToList();
        tiles.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(Window, gauge.Value);

        // The node that had them is gone: the same tiles go out again, and are still three in flight.
        entity.Tell(new ClusterEvent.MemberRemoved(GpuMemberRemoved(), MemberStatus.Down));
        var again = Enumerable.Range(0, Window).Select(_ => tiles.ExpectMsg<ProcessTile>().Tile.Id).ToList();
        Assert.Equal(first.Order(), again.Order());
        tiles.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(Window, gauge.Value);

        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);
        Assert.Equal(0, gauge.Value);
    }

    /// <summary>A node that never joined sees itself removed, with its roles: it stands for the gpu node that left.</summary>
    private Member GpuMemberRemoved() => Akka.Cluster.Cluster.Get(Sys).SelfMember;

    /// <summary>The gauge as dotnet-counters reads it: the running sum of its changes since the listener started.</summary>
    private sealed class InFlightGauge : IDisposable
    {
        private readonly MeterListener listener = new();
        private long value;

        public InFlightGauge()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                // By name: the instruments are published while PipelineMetrics initializes, before its fields are set.
                if (instrument.Meter.Name == PipelineMetrics.MeterName && instrument.Name == "sam3r.tiles.in_flight")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, change, _, _) => Interlocked.Add(ref value, change));
            listener.Start();
        }

        public long Value => Interlocked.Read(ref value);

        public void Dispose() => listener.Dispose();
    }
}
