using Akka.Actor;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Reading;
using Sam3.Raster.Tiling.Tiles;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Cuts scenes into tile plans on the grid they are read on (the job's resolution, else their own),
/// marks the tiles outside the job's AOI and finds the all-nodata tiles among the others (on every
/// core: nothing else runs before the plan exists). Opens each scene briefly; runs on the blocking dispatcher, since GDAL
/// reads block. Replies to the asking job entity.
/// </summary>
public sealed class TilePlannerActor : ReceiveActor
{
    public TilePlannerActor()
    {
        Receive<PlanScene>(plan => Sender.Tell(Plan(plan)));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new TilePlannerActor()).WithDispatcher(PipelineDispatchers.Blocking);

    public static object Plan(PlanScene request)
    {
        try
        {
            using var dataset = RasterDataset.Open(request.ScenePath, allowUngeoreferenced: true, request.Resolution);
            var bands = SceneBands.Select(dataset, request.Bands);
            var aoi = request.Aoi?.InScene(request.ScenePath, dataset.GeoTransform, dataset.IsGeoreferenced ? dataset.CrsWkt : null);
            var plan = TilePlanner.Plan(
                dataset,
                bands,
                new TileOptions(request.Tiles.TileSize, request.Tiles.Overlap),
                () => RasterDataset.Open(request.ScenePath, allowUngeoreferenced: true, request.Resolution),
                Environment.ProcessorCount,
                aoi is null ? null : aoi.Meets);
            return new SceneTiles(
                request.JobId,
                request.Scene,
                plan.Width,
                plan.Height,
                plan.Columns,
                plan.Rows,
                [.. plan.Tiles.Select(t => new TileRef(t.Id, t.GridCol, t.GridRow, t.Window, t.Core, t.IsEmpty, t.IsOutsideAoi))]);
        }
        catch (Exception ex)
        {
            return new ScenePlanFailed(request.JobId, request.Scene, ex.Message);
        }
    }
}

/// <summary>The job's band choice applied to a dataset: listed bands, or the scene's default (R, G, B by colour interpretation).</summary>
internal static class SceneBands
{
    public static BandSelection Select(RasterDataset dataset, IReadOnlyList<int>? bands) =>
        bands is null ? BandSelection.Resolve(dataset, null) : BandSelection.FromBands(dataset, [.. bands]);
}
