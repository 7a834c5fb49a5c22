using Akka.Actor;
using NetTopologySuite.Geometries;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Geometry.Aoi;
using Sam3.Raster.Geometry.Geo;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Geometry.Seams;
using Sam3.Raster.Tiling;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.TileWorkProtocol;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Writes a job's outputs once every tile is done: per scene, the stored tile results go through a
/// merger of the job's merge mode (<see cref="FeatureMergers"/>) in grid order (so the output does not depend on the order tiles
/// finished in, nor on a resume), merged features are georeferenced and written to every output at
/// once, each file atomically. Records the result (or the failure) with the job.
/// </summary>
public sealed class OutputWriterActor : ReceiveActor
{
    public OutputWriterActor(IActorRef jobs)
    {
        Receive<WriteOutputs>(write =>
        {
            try
            {
                var result = Write(write);
                jobs.Tell(new RecordOutputsWritten(write.JobId, result));
            }
            catch (Exception ex)
            {
                jobs.Tell(new FailJob(write.JobId, $"cannot write the outputs: {ex.Message}"));
            }
        });
    }

    public static Props Props(IActorRef jobs) =>
        Akka.Actor.Props.Create(() => new OutputWriterActor(jobs)).WithDispatcher(PipelineDispatchers.Blocking);

    public static JobResult Write(WriteOutputs write)
    {
        var spec = write.Spec;
        var scenes = spec.Scenes.Select((s, i) => OpenScene(s, spec.SceneName(i), spec.Resolution)).ToList();
        var crs = scenes[0].Crs;
        var factory = new GeometryFactory(new PrecisionModel(), crs.Srid);
        var counts = spec.Prompts.ToDictionary(p => p, _ => 0L, StringComparer.Ordinal);
        var context = new OutputContext(FeatureSchema.Detections, crs)
        {
            Scenes = scenes,
            Prompts = spec.Prompts,
            JobId = write.JobId.Value,
            OutputCrs = spec.OutputCrs is { } outputCrs ? OutputCrsRule.Resolve(outputCrs) : null,
        };
        long nextId = 1;
        using var writer = FeatureOutputs.OpenAll(spec.Outputs, context);
        foreach (var plan in write.Scenes.OrderBy(s => s.Scene))
        {
            var transform = scenes[plan.Scene].Transform;
            string sceneName = spec.SceneName(plan.Scene);
            var cleaner = CleanerFor(spec.Geometry, transform);
            var aoi = spec.Aoi is { } area ? new AoiFeatureFilter(area.InScene(spec.Scenes[plan.Scene], transform, scenes[plan.Scene].Crs.Wkt)) : null;
            void Emit(IEnumerable<SeamFeature> features)
            {
                foreach (var f in features)
                {
                    // The AOI first, so a feature clipped below the minimum area is dropped.
                    if ((aoi is null ? f.Geometry : aoi.Apply(f.Geometry)) is not { } kept || cleaner.Clean(kept) is not { } pixels)
                    {
                        continue;
                    }

                    var world = Georeferencing.ToWorld(pixels, transform, factory);
                    writer.Write(OutputFeature.Detection(nextId++, world, f.Prompt, f.Score, sceneName, f.Tile, f.Query));
                    counts[f.Prompt]++;
                }
            }

            var merger = FeatureMergers.Create(spec.Geometry.Merge, plan.Tiles.Select(t => new SeamTile(t.Id, t.GridCol, t.GridRow, t.Window, t.Core)), spec.Geometry.DedupeIou);
            foreach (var tile in plan.Tiles.OrderBy(t => t.Id))
            {
                var features = tile.IsSkipped
                    ? []
                    : TileResultStore.Read(spec.WorkDirectory, plan.Scene, tile.Id)
                        .Select(f => new SeamFeature(f.Geometry, spec.Prompts[f.Prompt], f.Score, tile.Id, f.Query));
                Emit(merger.Add(tile.Id, features));
            }

            Emit(merger.Finish());
        }

        writer.Commit();
        return new JobResult([.. spec.Prompts.Select(p => new PromptFeatures(p, counts[p]))], spec.Outputs);
    }

    /// <summary>Simplification stays in pixels; the minimum area goes from CRS units² to pixels through the pixel's area.</summary>
    private static FeatureCleaner CleanerFor(GeometrySettings settings, Tiling.Geo.GeoTransform gt)
    {
        return new FeatureCleaner(settings.SimplifyPixels, settings.MinArea > 0 && gt.PixelArea > 0 ? settings.MinArea / gt.PixelArea : 0);
    }

    /// <summary>The scene as it was read: on the job's resampled grid, when it has one, so features land where they were seen.</summary>
    /// <summary>The scene's grid, named as its features' <c>scene</c> attribute names it (the writers match the two).</summary>
    private static OutputScene OpenScene(string path, string name, Tiling.Reading.SceneResolution? resolution)
    {
        using var dataset = RasterDataset.Open(path, allowUngeoreferenced: true, resolution);
        return new OutputScene(name, dataset.Width, dataset.Height, dataset.GeoTransform, SceneCrs.Of(dataset));
    }
}
