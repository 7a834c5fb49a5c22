using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Tiling.Geo;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobEvents;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Tests.Entities;

/// <summary>
/// What the dashboard's map is told about a job's tiles: one scene of six tiles in a row (tile 5
/// all nodata), a credit window of two.
/// </summary>
public sealed class JobTileViewSpecs
{
    private static readonly JobSpec Spec = TestJobs.Spec();
    private static readonly JobId Id = JobId.For(Spec);
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly JobEntitySettings Settings = new(MaxInFlightTiles: 2);

    private static readonly SceneTiles Plan = new(
        Id, 0, 600, 100, 6, 1,
        [.. Enumerable.Range(0, 6).Select(i => new TileRef(i, i, 0, new PixelWindow(Math.Max(0, (i * 100) - 10), 0, 110, 100), new PixelWindow(i * 100, 0, 100, 100), i == 5))]);

    private static JobState Run(JobState state, params IJobCommand[] commands)
    {
        foreach (var c in commands)
        {
            state = state.ApplyAll(state.ProcessCommand(c).Events);
        }

        return state;
    }

    private static TileStatus[] Statuses(JobTiles tiles) => [.. tiles.Scenes.Single().Tiles.Select(t => t.Status)];

    [Fact]
    public void A_submitted_job_lists_its_scene_without_tiles_until_the_plan_is_in()
    {
        var state = Run(JobState.Empty(Id), new StartJob(Id, Spec));

        var tiles = JobTileView.Of(state, new TileDispatch(Settings));

        Assert.Equal(JobStatus.Planning, tiles.Status);
        Assert.Equal(Spec.Scenes[0], tiles.Scenes.Single().Path);
        Assert.Empty(tiles.Scenes.Single().Tiles);
    }

    [Fact]
    public void Tiles_are_pending_in_flight_done_failed_or_empty_as_the_job_and_its_dispatch_stand()
    {
        var state = Run(JobState.Empty(Id), new StartJob(Id, Spec), new RecordScenePlan(Id, 0, 6, [5]));
        var dispatch = new TileDispatch(Settings).Planned(Plan, state);
        (dispatch, _) = dispatch.Advance(state, int.MaxValue, T0); // tiles 0 and 1 go out

        Assert.Equal([TileStatus.InFlight, TileStatus.InFlight, TileStatus.Pending, TileStatus.Pending, TileStatus.Pending, TileStatus.Empty], Statuses(JobTileView.Of(state, dispatch)));

        state = Run(state, new RecordTileCompleted(Id, 0, 0, 3), new RecordTileFailed(Id, 0, 1, "boom"));
        dispatch = dispatch.Completed(new TileKey(0, 0)).Failed(new TileKey(0, 1), state);

        var tiles = JobTileView.Of(state, dispatch);
        Assert.Equal([TileStatus.Done, TileStatus.Failed, TileStatus.Pending, TileStatus.Pending, TileStatus.Pending, TileStatus.Empty], Statuses(tiles));
        Assert.Equal(Plan.Tiles.Select(t => (PixelWindow?)t.Core), tiles.Scenes.Single().Tiles.Select(t => t.Core));

        (dispatch, _) = dispatch.Advance(state, int.MaxValue, T0); // the failed tile goes first again, with tile 2
        Assert.Equal([TileStatus.Done, TileStatus.InFlight, TileStatus.InFlight, TileStatus.Pending, TileStatus.Pending, TileStatus.Empty], Statuses(JobTileView.Of(state, dispatch)));
    }

    [Fact]
    public void A_tile_recorded_done_is_done_even_while_the_dispatch_still_counts_it_in_flight()
    {
        var state = Run(JobState.Empty(Id), new StartJob(Id, Spec), new RecordScenePlan(Id, 0, 6, [5]));
        var (dispatch, _) = new TileDispatch(Settings).Planned(Plan, state).Advance(state, int.MaxValue, T0);

        state = Run(state, new RecordTileCompleted(Id, 0, 1, 0));

        Assert.Equal(TileStatus.Done, JobTileView.Of(state, dispatch).Scenes.Single().Tiles[1].Status);
    }

    [Fact]
    public void A_job_recovered_finished_lists_every_tile_with_its_state_but_no_core()
    {
        var state = JobState.Empty(Id).ApplyAll([
            new JobSubmitted(Id, Spec),
            new ScenePlanned(Id, 0, 6, [5]),
            .. Enumerable.Range(0, 5).Select(t => new TileCompleted(Id, 0, t, 1)),
            new JobCompleted(Id, new JobResult([], Spec.Outputs)),
        ]);

        var tiles = JobTileView.Of(state, new TileDispatch(Settings));

        Assert.Equal(JobStatus.Completed, tiles.Status);
        Assert.Equal([TileStatus.Done, TileStatus.Done, TileStatus.Done, TileStatus.Done, TileStatus.Done, TileStatus.Empty], Statuses(tiles));
        Assert.All(tiles.Scenes.Single().Tiles, t => Assert.Null(t.Core));
        Assert.Equal(Spec, tiles.Spec);
    }

    [Fact]
    public void Tiles_outside_the_area_of_interest_show_as_such_before_and_after_a_restart()
    {
        var plan = Plan with { Tiles = [.. Plan.Tiles.Select(t => t.Id is 3 or 4 ? t with { OutsideAoi = true } : t)] };
        var state = Run(JobState.Empty(Id), new StartJob(Id, Spec), new RecordScenePlan(Id, 0, 6, [5], [3, 4]));
        var dispatch = new TileDispatch(Settings).Planned(plan, state);

        Assert.Equal([TileStatus.Pending, TileStatus.Pending, TileStatus.Pending, TileStatus.OutsideAoi, TileStatus.OutsideAoi, TileStatus.Empty], Statuses(JobTileView.Of(state, dispatch)));

        // Recovered without its plan (a restarted control node): the recorded state still tells.
        Assert.Equal([TileStatus.Pending, TileStatus.Pending, TileStatus.Pending, TileStatus.OutsideAoi, TileStatus.OutsideAoi, TileStatus.Empty], Statuses(JobTileView.Of(state, new TileDispatch(Settings))));
    }
}
