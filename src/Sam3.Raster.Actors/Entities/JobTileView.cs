using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Entities;

/// <summary>
/// A job's tiles as the dashboard shows them (<see cref="JobQueries.GetJobTiles"/>): the state from
/// what the job recorded and what the dispatch has in flight, the cores from the plans the dispatch
/// holds (a job recovered finished holds none: its tiles come without cores). Recorded facts win
/// over dispatch: a tile done while still counted in flight (a late duplicate) is done.
/// </summary>
public static class JobTileView
{
    public static JobTiles Of(JobState state, TileDispatch dispatch)
    {
        var scenes = new List<SceneTileStates>();
        if (state.Spec is { } spec)
        {
            for (int s = 0; s < spec.Scenes.Count; s++)
            {
                scenes.Add(new SceneTileStates(s, spec.Scenes[s], Tiles(state, dispatch, s)));
            }
        }

        return new JobTiles(state.Id, state.Status, state.Spec, scenes);
    }

    private static IReadOnlyList<TileState> Tiles(JobState state, TileDispatch dispatch, int scene)
    {
        state.Scenes.TryGetValue(scene, out var progress);
        if (dispatch.Plans.TryGetValue(scene, out var plan))
        {
            return [.. plan.Tiles.Select(t => new TileState(t.Id, t.Core, t.OutsideAoi ? TileStatus.OutsideAoi : t.IsEmpty ? TileStatus.Empty : StatusOf(progress, dispatch, new TileKey(scene, t.Id))))];
        }

        return progress is null
            ? []
            : [.. Enumerable.Range(0, progress.TileCount).Select(t => new TileState(t, null, StatusOf(progress, dispatch, new TileKey(scene, t))))];
    }

    private static TileStatus StatusOf(SceneProgress? scene, TileDispatch dispatch, TileKey key)
    {
        if (scene?.OutsideAoiTiles.Contains(key.Tile) == true)
        {
            return TileStatus.OutsideAoi;
        }

        if (scene?.EmptyTiles.Contains(key.Tile) == true)
        {
            return TileStatus.Empty;
        }

        if (scene?.DoneTiles.Contains(key.Tile) == true)
        {
            return TileStatus.Done;
        }

        if (dispatch.IsInFlight(key))
        {
            return TileStatus.InFlight;
        }

        return scene?.AttemptsOf(key.Tile) > 0 ? TileStatus.Failed : TileStatus.Pending;
    }
}
