using Sam3.Inference.Contract;
using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Jobs.JobEvents;

namespace Sam3.Raster.Actors.Tests.Jobs;

public sealed class JobStateSpecs
{
    private static readonly JobSpec Spec = TestJobs.Spec(scenes: 2);
    private static readonly JobId Id = JobId.For(Spec);

    private static JobState Run(JobState state, params IJobCommand[] commands)
    {
        foreach (var c in commands)
        {
            var (_, events) = state.ProcessCommand(c);
            state = state.ApplyAll(events);
        }

        return state;
    }

    private static JobState Planned() => Run(
        JobState.Empty(Id),
        new StartJob(Id, Spec),
        new RecordScenePlan(Id, 0, 4, [2]),
        new RecordScenePlan(Id, 1, 2, []));

    [Fact]
    public void A_new_job_is_submitted_and_then_plans_its_scenes()
    {
        var state = JobState.Empty(Id);
        var (reply, events) = state.ProcessCommand(new StartJob(Id, Spec));
        Assert.Equal(JobCommandOutcome.Accepted, reply.Outcome);
        Assert.Equal([new JobSubmitted(Id, Spec)], events);
        state = state.ApplyAll(events);
        Assert.Equal(JobStatus.Planning, state.Status);

        state = Run(state, new RecordScenePlan(Id, 0, 4, [2]));
        Assert.Equal(JobStatus.Planning, state.Status);
        state = Run(state, new RecordScenePlan(Id, 1, 2, []));
        Assert.Equal(JobStatus.Running, state.Status);
        Assert.Equal(6, state.TilesTotal);
        Assert.Equal(1, state.TilesDone);
        Assert.Equal([new TileKey(0, 0), new TileKey(0, 1), new TileKey(0, 3), new TileKey(1, 0), new TileKey(1, 1)], state.PendingTiles);
    }

    [Fact]
    public void Tiles_outside_the_aoi_are_done_without_running_and_counted_apart_from_empty_ones()
    {
        var state = Run(JobState.Empty(Id), new StartJob(Id, Spec), new RecordScenePlan(Id, 0, 4, [2, 3], [0, 3]), new RecordScenePlan(Id, 1, 2, []));

        Assert.Equal([new TileKey(0, 1), new TileKey(1, 0), new TileKey(1, 1)], state.PendingTiles);
        var progress = state.ToProgress();
        Assert.Equal(3, progress.TilesDone);
        Assert.Equal(2, progress.TilesOutsideAoi);
        Assert.Equal(1, progress.TilesEmpty); // tile 3 is both: it counts as outside
        Assert.Equal(JobCommandOutcome.AlreadyApplied, state.ProcessCommand(new RecordScenePlan(Id, 0, 4, [2, 3], [0, 3])).Reply.Outcome);
        Assert.Equal(JobCommandOutcome.Rejected, state.ProcessCommand(new RecordScenePlan(Id, 0, 4, [2, 3], [0])).Reply.Outcome);
        Assert.Equal(state.ToProgress(), JobSnapshot.From(state).ToState().ToProgress());
    }

    [Fact]
    public void A_submitted_job_whose_aoi_misses_every_scene_fails_naming_the_file_once_the_scenes_are_planned()
    {
        var spec = Spec with { Aoi = new Geometry.Aoi.AreaOfInterest("/data/aoi.geojson", "POLYGON ((0 0, 1 0, 1 1, 0 0))", null) };
        var id = JobId.For(spec);

        var partly = Run(JobState.Empty(id), new StartJob(id, spec), new RecordScenePlan(id, 0, 2, [], [0, 1]));
        var state = Run(partly, new RecordScenePlan(id, 1, 2, [], [0, 1]));

        Assert.Equal(JobStatus.Planning, partly.Status);
        Assert.Equal(JobStatus.Failed, state.Status);
        Assert.Equal("--aoi /data/aoi.geojson: misses every scene", state.FailureReason);
        Assert.Equal(JobStatus.Running, Run(partly, new RecordScenePlan(id, 1, 2, [], [1])).Status);
    }

    [Fact]
    public void Specs_without_a_resolution_or_an_aoi_keep_the_fingerprint_they_had_before_those_settings()
    {
        string json = System.Text.Json.JsonSerializer.Serialize(Spec);

        Assert.DoesNotContain("Resolution", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Aoi", json, StringComparison.Ordinal);
        Assert.NotEqual(JobId.For(Spec with { Resolution = new Tiling.Reading.SceneResolution(0.5) }), Id);
        Assert.NotEqual(JobId.For(Spec with { Aoi = new Geometry.Aoi.AreaOfInterest("a.geojson", "POLYGON ((0 0, 1 0, 1 1, 0 0))", null) }), Id);
    }

    [Fact]
    public void The_job_id_follows_from_the_spec()
    {
        Assert.Equal(JobId.For(TestJobs.Spec(scenes: 2)), Id);
        Assert.NotEqual(JobId.For(Spec with { Prompts = ["green"] }), Id);
        Assert.Equal(Spec, TestJobs.Spec(scenes: 2));
    }

    [Fact]
    public void Scene_names_name_the_scenes_in_the_features_and_a_job_without_them_keeps_the_id_it_had()
    {
        var named = Spec with { SceneNames = ["S2A_1", "S2A_2"] };

        Assert.DoesNotContain("SceneNames", System.Text.Json.JsonSerializer.Serialize(Spec), StringComparison.Ordinal);
        Assert.NotEqual(JobId.For(named), Id);
        Assert.Equal(["/data/scene0.tif", "/data/scene1.tif"], [Spec.SceneName(0), Spec.SceneName(1)]);
        Assert.Equal(["S2A_1", "S2A_2"], [named.SceneName(0), named.SceneName(1)]);
    }

    [Fact]
    public void Scene_names_that_do_not_match_the_scenes_one_to_one_are_rejected()
    {
        var spec = Spec with { SceneNames = ["only-one"] };
        var id = JobId.For(spec);

        var (reply, events) = JobState.Empty(id).ProcessCommand(new StartJob(id, spec));

        Assert.Equal(JobCommandOutcome.Rejected, reply.Outcome);
        Assert.Equal("1 scene names for 2 scenes", reply.Reason);
        Assert.Empty(events);
    }

    [Fact]
    public void The_job_id_does_not_depend_on_the_work_folder_it_names()
    {
        var placed = Spec.InWorkRoot("/shared/work");

        Assert.Equal($"/shared/work/{Id.Value}", placed.WorkDirectory);
        Assert.Equal(Id, JobId.For(placed));
        Assert.Equal(placed, Spec.InWorkRoot("/shared/work"));
    }

    [Fact]
    public void Starting_the_same_job_again_resumes_it_without_events()
    {
        var state = Planned();
        var (reply, events) = state.ProcessCommand(new StartJob(Id, TestJobs.Spec(scenes: 2)));
        Assert.Equal(JobCommandOutcome.AlreadyApplied, reply.Outcome);
        Assert.Empty(events);
    }

    [Fact]
    public void A_tile_size_other_than_the_models_patch_size_is_rejected_with_the_reason()
    {
        var spec = Spec with { Tiles = new TileSettings(512, 128) };
        var id = JobId.For(spec);

        var (reply, events) = JobState.Empty(id).ProcessCommand(new StartJob(id, spec));

        Assert.Equal(JobCommandOutcome.Rejected, reply.Outcome);
        Assert.Equal($"tile size 512 is not the model's patch size ({ModelContract.PatchSize} px)", reply.Reason);
        Assert.Empty(events);
    }

    [Fact]
    public void A_different_spec_under_the_same_id_is_rejected()
    {
        var (reply, events) = Planned().ProcessCommand(new StartJob(Id, Spec with { Threshold = 0.7f }));
        Assert.Equal(JobCommandOutcome.Rejected, reply.Outcome);
        Assert.Empty(events);
    }

    [Fact]
    public void A_tile_completed_twice_is_recorded_once()
    {
        var state = Planned();
        var (first, events) = state.ProcessCommand(new RecordTileCompleted(Id, 0, 1, 5));
        Assert.Equal(JobCommandOutcome.Accepted, first.Outcome);
        Assert.Equal([new TileCompleted(Id, 0, 1, 5)], events);
        state = state.ApplyAll(events);

        var (second, again) = state.ProcessCommand(new RecordTileCompleted(Id, 0, 1, 5));
        Assert.Equal(JobCommandOutcome.AlreadyApplied, second.Outcome);
        Assert.Empty(again);
        Assert.Equal(5, state.ToProgress().RawFeatures);
    }

    [Fact]
    public void An_empty_tile_counts_as_done_and_its_completion_is_a_no_op()
    {
        var (reply, events) = Planned().ProcessCommand(new RecordTileCompleted(Id, 0, 2, 0));
        Assert.Equal(JobCommandOutcome.AlreadyApplied, reply.Outcome);
        Assert.Empty(events);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(0, -1)]
    [InlineData(2, 0)]
    public void Unknown_tiles_and_scenes_are_rejected(int scene, int tile)
    {
        var (reply, events) = Planned().ProcessCommand(new RecordTileCompleted(Id, scene, tile, 1));
        Assert.Equal(JobCommandOutcome.Rejected, reply.Outcome);
        Assert.Empty(events);
    }

    [Fact]
    public void A_tile_is_retried_until_its_attempts_run_out_then_the_job_fails_naming_it()
    {
        var state = Planned();
        state = Run(state, new RecordTileFailed(Id, 1, 1, "read error"), new RecordTileFailed(Id, 1, 1, "read error"));
        Assert.Equal(JobStatus.Running, state.Status);
        Assert.Equal(2, state.Scenes[1].AttemptsOf(1));

        var (reply, events) = state.ProcessCommand(new RecordTileFailed(Id, 1, 1, "read error"));
        Assert.Equal(JobCommandOutcome.Accepted, reply.Outcome);
        Assert.Equal(2, events.Count);
        Assert.Equal(new TileFailed(Id, 1, 1, "read error", 3), events[0]);
        var failed = Assert.IsType<JobFailed>(events[1]);
        Assert.Contains("tile 1 of /data/scene1.tif", failed.Reason);
        Assert.Contains("read error", failed.Reason);

        state = state.ApplyAll(events);
        Assert.Equal(JobStatus.Failed, state.Status);
        Assert.Equal(JobCommandOutcome.Rejected, state.ProcessCommand(new RecordTileCompleted(Id, 0, 0, 1)).Reply.Outcome);
        Assert.Equal(JobCommandOutcome.Rejected, state.ProcessCommand(new StartJob(Id, Spec)).Reply.Outcome);
    }

    [Fact]
    public void A_failure_reported_for_a_done_tile_changes_nothing()
    {
        var state = Run(Planned(), new RecordTileCompleted(Id, 0, 0, 1));
        var (reply, events) = state.ProcessCommand(new RecordTileFailed(Id, 0, 0, "late duplicate"));
        Assert.Equal(JobCommandOutcome.AlreadyApplied, reply.Outcome);
        Assert.Empty(events);
    }

    [Fact]
    public void Outputs_are_recorded_only_when_every_tile_is_done()
    {
        var result = new JobResult([new PromptFeatures("red", 3), new PromptFeatures("blue", 0)], Spec.Outputs);
        var state = Run(Planned(), new RecordTileCompleted(Id, 0, 0, 1), new RecordTileCompleted(Id, 0, 1, 1), new RecordTileCompleted(Id, 0, 3, 1));
        Assert.Equal(JobCommandOutcome.Rejected, state.ProcessCommand(new RecordOutputsWritten(Id, result)).Reply.Outcome);

        state = Run(state, new RecordTileCompleted(Id, 1, 0, 0), new RecordTileCompleted(Id, 1, 1, 2));
        Assert.True(state.AllTilesDone);
        Assert.Equal(JobStatus.Writing, state.Status);

        var (reply, events) = state.ProcessCommand(new RecordOutputsWritten(Id, result));
        Assert.Equal(JobCommandOutcome.Accepted, reply.Outcome);
        state = state.ApplyAll(events);
        Assert.Equal(JobStatus.Completed, state.Status);
        Assert.Equal(3, state.ToProgress().Result!.TotalFeatures);
        Assert.Equal(JobCommandOutcome.AlreadyApplied, state.ProcessCommand(new RecordOutputsWritten(Id, result)).Reply.Outcome);
        Assert.Equal(JobCommandOutcome.AlreadyApplied, state.ProcessCommand(new StartJob(Id, Spec)).Reply.Outcome);
    }

    [Fact]
    public void A_scene_planned_again_the_same_way_is_a_no_op_and_differently_is_rejected()
    {
        var state = Planned();
        Assert.Equal(JobCommandOutcome.AlreadyApplied, state.ProcessCommand(new RecordScenePlan(Id, 0, 4, [2])).Reply.Outcome);
        Assert.Equal(JobCommandOutcome.Rejected, state.ProcessCommand(new RecordScenePlan(Id, 0, 5, [2])).Reply.Outcome);
        Assert.Equal(JobCommandOutcome.Rejected, state.ProcessCommand(new RecordScenePlan(Id, 5, 1, [])).Reply.Outcome);
    }

    [Fact]
    public void A_snapshot_restores_the_same_state()
    {
        var state = Run(Planned(), new RecordTileCompleted(Id, 0, 0, 4), new RecordTileFailed(Id, 1, 0, "x"));
        var restored = JobSnapshot.From(state).ToState();
        Assert.Equal(state.ToProgress(), restored.ToProgress());
        Assert.Equal(state.PendingTiles, restored.PendingTiles);
        Assert.Equal(1, restored.Scenes[1].AttemptsOf(0));
        Assert.Equal(Spec, restored.Spec);
    }
}
