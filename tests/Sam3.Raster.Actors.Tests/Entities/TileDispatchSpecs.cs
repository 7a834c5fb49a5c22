using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Tiling.Geo;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Tests.Entities;

/// <summary>
/// The job entity's dispatch, without actors or a clock: a job of two scenes, scene 0 of four tiles
/// (tile 2 all nodata), scene 1 of two, a credit window of three.
/// </summary>
public sealed class TileDispatchSpecs
{
    private const int Window = 3;
    private static readonly JobSpec Spec = TestJobs.Spec(scenes: 2);
    private static readonly JobId Id = JobId.For(Spec);
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly JobEntitySettings Settings = new(MaxInFlightTiles: Window)
    {
        TileTimeout = TimeSpan.FromMinutes(1),
        PlanTimeout = TimeSpan.FromSeconds(30),
        WriteTimeout = TimeSpan.FromMinutes(5),
    };

    private static readonly SceneTiles Plan0 = Plan(0, 4, empty: 2);
    private static readonly SceneTiles Plan1 = Plan(1, 2);

    private static SceneTiles Plan(int scene, int tiles, int? empty = null) => new(
        Id, scene, tiles * 100, 100, tiles, 1,
        [.. Enumerable.Range(0, tiles).Select(i => new TileRef(i, i, 0, new PixelWindow(i * 100, 0, 100, 100), new PixelWindow(i * 100, 0, 100, 100), i == empty))]);

    private static JobState Run(JobState state, params IJobCommand[] commands)
    {
        foreach (var c in commands)
        {
            state = state.ApplyAll(state.ProcessCommand(c).Events);
        }

        return state;
    }

    private static JobState Submitted() => Run(JobState.Empty(Id), new StartJob(Id, Spec));

    private static JobState Planned() => Run(Submitted(), new RecordScenePlan(Id, 0, 4, [2]), new RecordScenePlan(Id, 1, 2, []));

    /// <summary>A running job whose plans are both in.</summary>
    private static (JobState State, TileDispatch Dispatch) Running()
    {
        var state = Planned();
        return (state, new TileDispatch(Settings).Planned(Plan0, state).Planned(Plan1, state));
    }

    private static TileKey[] Sent(DispatchOrders orders) => [.. orders.Tiles.Select(t => t.Key)];

    private static TileKey K(int scene, int tile) => new(scene, tile);

    [Fact]
    public void A_submitted_job_asks_for_every_scene_plan_once()
    {
        var state = Submitted();
        var (dispatch, orders) = new TileDispatch(Settings).Advance(state, int.MaxValue, T0);
        Assert.Equal([0, 1], orders.AskPlans);
        Assert.Empty(orders.Tiles);

        (_, orders) = dispatch.Advance(state, int.MaxValue, T0.AddSeconds(1));
        Assert.Empty(orders.AskPlans);
    }

    [Fact]
    public void Tiles_go_out_in_plan_order_and_never_more_than_the_window()
    {
        var (state, dispatch) = Running();
        Assert.Equal([K(0, 0), K(0, 1), K(0, 3), K(1, 0), K(1, 1)], dispatch.Queue);

        (dispatch, var orders) = dispatch.Advance(state, int.MaxValue, T0);
        Assert.Equal([K(0, 0), K(0, 1), K(0, 3)], Sent(orders));
        Assert.Equal(Plan0.Tiles[3], orders.Tiles[2].Tile);
        Assert.Equal(Window, dispatch.InFlightCount);
        (dispatch, orders) = dispatch.Advance(state, int.MaxValue, T0);
        Assert.Empty(orders.Tiles);

        state = Run(state, new RecordTileCompleted(Id, 0, 1, 2));
        (dispatch, orders) = dispatch.Completed(K(0, 1)).Advance(state, int.MaxValue, T0);
        Assert.Equal([K(1, 0)], Sent(orders));
        Assert.Equal(Window, dispatch.InFlightCount);
    }

    [Fact]
    public void Through_the_delivery_channel_no_more_tiles_go_out_than_it_asked_for()
    {
        var (state, dispatch) = Running();
        (dispatch, var orders) = dispatch.Advance(state, 1, T0);
        Assert.Equal([K(0, 0)], Sent(orders));
        (dispatch, orders) = dispatch.Advance(state, 0, T0);
        Assert.Empty(orders.Tiles);
        (_, orders) = dispatch.Advance(state, 1, T0);
        Assert.Equal([K(0, 1)], Sent(orders));
    }

    [Fact]
    public void Tiles_done_are_never_sent_whether_done_before_the_plan_or_while_queued()
    {
        // Recovered with scene 0's tile 0 done: the plan queues only what is left, not the nodata tile.
        var state = Run(Planned(), new RecordTileCompleted(Id, 0, 0, 1));
        var dispatch = new TileDispatch(Settings).Planned(Plan0, state).Planned(Plan1, state);
        Assert.Equal([K(0, 1), K(0, 3), K(1, 0), K(1, 1)], dispatch.Queue);

        // A late result of an earlier life records tile 1 while it waits in the queue.
        state = Run(state, new RecordTileCompleted(Id, 0, 1, 1));
        (dispatch, var orders) = dispatch.Advance(state, int.MaxValue, T0);
        Assert.Equal([K(0, 3), K(1, 0), K(1, 1)], Sent(orders));
        Assert.Empty(dispatch.Queue);
    }

    [Fact]
    public void A_failed_tile_goes_first_in_the_queue_and_to_its_next_worker()
    {
        var (state, dispatch) = Running();
        (dispatch, var orders) = dispatch.Advance(state, int.MaxValue, T0);
        Assert.Equal(0, orders.Tiles[1].Route);

        state = Run(state, new RecordTileFailed(Id, 0, 1, "read error"));
        dispatch = dispatch.Failed(K(0, 1), state);
        Assert.Equal([K(0, 1), K(1, 0), K(1, 1)], dispatch.Queue);
        (_, orders) = dispatch.Advance(state, int.MaxValue, T0);
        var again = Assert.Single(orders.Tiles);
        Assert.Equal(K(0, 1), again.Key);
        Assert.Equal(1, again.Route);
    }

    [Fact]
    public void A_failure_that_ends_the_job_or_comes_after_the_tile_was_done_queues_nothing()
    {
        var (state, dispatch) = Running();
        (dispatch, _) = dispatch.Advance(state, int.MaxValue, T0);

        var done = Run(state, new RecordTileCompleted(Id, 0, 0, 1), new RecordTileFailed(Id, 0, 0, "late duplicate"));
        Assert.DoesNotContain(K(0, 0), dispatch.Failed(K(0, 0), done).Queue);

        var failed = Run(state, new FailJob(Id, "cancelled"));
        var after = dispatch.Failed(K(0, 1), failed);
        Assert.DoesNotContain(K(0, 1), after.Queue);
        Assert.Equal(Window - 1, after.InFlightCount);
        Assert.Equal(DispatchOrders.None, after.Advance(failed, int.MaxValue, T0).Orders);
    }

    [Fact]
    public void A_result_twice_returns_one_credit()
    {
        var (state, dispatch) = Running();
        (dispatch, _) = dispatch.Advance(state, int.MaxValue, T0);
        dispatch = dispatch.Completed(K(0, 0)).Completed(K(0, 0)).Completed(K(1, 1));
        Assert.Equal(Window - 1, dispatch.InFlightCount);
    }

    [Fact]
    public void A_tile_past_its_timeout_is_reported_once_and_again_only_after_it_went_out_again()
    {
        var (state, dispatch) = Running();
        (dispatch, _) = dispatch.Advance(state, 1, T0);
        (dispatch, _) = dispatch.Advance(state, 1, T0.AddSeconds(30));

        (dispatch, var overdue) = dispatch.Expire(state, T0 + Settings.TileTimeout);
        Assert.Empty(overdue);
        (dispatch, overdue) = dispatch.Expire(state, T0 + Settings.TileTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal([K(0, 0)], overdue);
        Assert.True(dispatch.IsInFlight(K(0, 0)));
        (dispatch, overdue) = dispatch.Expire(state, T0 + Settings.TileTimeout + TimeSpan.FromSeconds(31));
        Assert.Equal([K(0, 1)], overdue);
        (dispatch, overdue) = dispatch.Expire(state, T0 + (3 * Settings.TileTimeout));
        Assert.Empty(overdue);

        // The timeout is recorded as a failed attempt: the tile goes out again, with a new deadline.
        var resent = T0 + (3 * Settings.TileTimeout);
        state = Run(state, new RecordTileFailed(Id, 0, 0, "no result"));
        (dispatch, var orders) = dispatch.Failed(K(0, 0), state).Advance(state, 1, resent);
        Assert.Equal([K(0, 0)], Sent(orders));
        Assert.Empty(dispatch.Expire(state, resent + Settings.TileTimeout).Overdue);
        Assert.Equal([K(0, 0)], dispatch.Expire(state, resent + Settings.TileTimeout + TimeSpan.FromSeconds(1)).Overdue);
    }

    [Fact]
    public void A_reroute_queues_every_tile_in_flight_first_and_sends_each_to_another_worker()
    {
        var (state, dispatch) = Running();
        (dispatch, _) = dispatch.Advance(state, int.MaxValue, T0);
        dispatch = dispatch.Rerouted();

        Assert.Equal(0, dispatch.InFlightCount);
        Assert.Equal([K(0, 0), K(0, 1), K(0, 3), K(1, 0), K(1, 1)], dispatch.Queue);
        Assert.Equal(1, dispatch.Reroutes);
        (dispatch, var orders) = dispatch.Advance(state, int.MaxValue, T0.AddSeconds(1));
        Assert.Equal([K(0, 0), K(0, 1), K(0, 3)], Sent(orders));
        Assert.All(orders.Tiles, t => Assert.Equal(1, t.Route));
        Assert.Equal(Window, dispatch.InFlightCount);

        // Their first attempts answer late: recorded once, each returns one credit, none goes out twice more.
        state = Run(state, new RecordTileCompleted(Id, 0, 0, 1));
        dispatch = dispatch.Completed(K(0, 0));
        Assert.Equal(Window - 1, dispatch.InFlightCount);
        Assert.DoesNotContain(K(0, 0), dispatch.Queue);
    }

    [Fact]
    public void A_reroute_with_nothing_in_flight_changes_nothing()
    {
        var (_, dispatch) = Running();
        Assert.Same(dispatch, dispatch.Rerouted());
        Assert.Equal(0, dispatch.Reroutes);
    }

    [Fact]
    public void A_plan_unanswered_past_its_timeout_is_asked_for_again_and_an_answered_one_never()
    {
        var state = Submitted();
        (var dispatch, _) = new TileDispatch(Settings).Advance(state, int.MaxValue, T0);
        state = Run(state, new RecordScenePlan(Id, 0, 4, [2]));
        dispatch = dispatch.Planned(Plan0, state);

        (dispatch, _) = dispatch.Expire(state, T0 + Settings.PlanTimeout);
        Assert.Empty(dispatch.Advance(state, int.MaxValue, T0 + Settings.PlanTimeout).Orders.AskPlans);
        (dispatch, _) = dispatch.Expire(state, T0 + Settings.PlanTimeout + TimeSpan.FromSeconds(1));
        var (_, orders) = dispatch.Advance(state, int.MaxValue, T0 + Settings.PlanTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal([1], orders.AskPlans);
    }

    [Fact]
    public void The_outputs_are_asked_for_once_every_tile_is_done_and_again_after_the_write_timeout()
    {
        var (state, dispatch) = Running();
        (dispatch, _) = dispatch.Advance(state, int.MaxValue, T0);
        state = Run(state, [.. new[] { K(0, 0), K(0, 1), K(0, 3), K(1, 0), K(1, 1) }.Select(k => new RecordTileCompleted(Id, k.Scene, k.Tile, 1))]);
        Assert.Equal(JobStatus.Writing, state.Status);

        (dispatch, var orders) = dispatch.Advance(state, int.MaxValue, T0);
        Assert.Equal([Plan0, Plan1], orders.WriteOutputs);
        Assert.Empty(orders.Tiles);
        (dispatch, orders) = dispatch.Advance(state, int.MaxValue, T0);
        Assert.Null(orders.WriteOutputs);

        var late = T0 + Settings.WriteTimeout + TimeSpan.FromSeconds(1);
        (dispatch, _) = dispatch.Expire(state, T0 + Settings.WriteTimeout);
        Assert.Null(dispatch.Advance(state, int.MaxValue, late).Orders.WriteOutputs);
        (dispatch, _) = dispatch.Expire(state, late);
        Assert.Equal([Plan0, Plan1], dispatch.Advance(state, int.MaxValue, late).Orders.WriteOutputs);
    }

    [Fact]
    public void A_job_recovered_while_writing_asks_for_its_plans_before_the_outputs()
    {
        var state = Run(Planned(), [.. new[] { K(0, 0), K(0, 1), K(0, 3), K(1, 0), K(1, 1) }.Select(k => new RecordTileCompleted(Id, k.Scene, k.Tile, 1))]);
        var (dispatch, orders) = new TileDispatch(Settings).Advance(state, int.MaxValue, T0);
        Assert.Equal([0, 1], orders.AskPlans);
        Assert.Null(orders.WriteOutputs);

        (dispatch, orders) = dispatch.Planned(Plan0, state).Planned(Plan1, state).Advance(state, int.MaxValue, T0);
        Assert.Empty(dispatch.Queue);
        Assert.Empty(orders.AskPlans);
        Assert.Equal([Plan0, Plan1], orders.WriteOutputs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Whatever_happens_the_window_holds_no_tile_is_both_queued_and_in_flight_and_the_job_ends(int seed)
    {
        var random = new Random(seed);
        var (state, dispatch) = Running();
        var now = T0;
        for (int step = 0; step < 500 && state.Status == JobStatus.Running; step++)
        {
            now += TimeSpan.FromSeconds(random.Next(1, 40));
            (dispatch, var orders) = dispatch.Advance(state, random.Next(0, 3), now);
            Assert.InRange(dispatch.InFlightCount, 0, Window);
            Assert.All(orders.Tiles, t => Assert.False(state.IsTileDone(t.Key)));
            Assert.All(dispatch.Queue, k => Assert.False(dispatch.IsInFlight(k)));
            Assert.Equal(dispatch.Queue.Count, dispatch.Queue.Distinct().Count());

            var inFlight = state.PendingTiles.Where(dispatch.IsInFlight).ToList();
            switch (random.Next(4))
            {
                case 0 when inFlight.Count > 0:
                    var key = inFlight[random.Next(inFlight.Count)];
                    state = Run(state, new RecordTileCompleted(Id, key.Scene, key.Tile, 1));
                    dispatch = dispatch.Completed(key);
                    break;
                case 1 when inFlight.Count > 0 && random.Next(4) == 0:
                    var failed = inFlight[random.Next(inFlight.Count)];
                    if (state.Scenes[failed.Scene].AttemptsOf(failed.Tile) < Spec.MaxTileAttempts - 1)
                    {
                        state = Run(state, new RecordTileFailed(Id, failed.Scene, failed.Tile, "x"));
                        dispatch = dispatch.Failed(failed, state);
                    }

                    break;
                case 2 when random.Next(8) == 0:
                    dispatch = dispatch.Rerouted();
                    break;
                case 3:
                    (dispatch, var overdue) = dispatch.Expire(state, now);
                    Assert.Equal(overdue.Count, overdue.Distinct().Count());
                    Assert.All(overdue, k => Assert.True(dispatch.IsInFlight(k)));
                    break;
            }
        }

        Assert.Equal(JobStatus.Writing, state.Status);
    }
}
