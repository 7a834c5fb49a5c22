using Akka.Actor;
using Sam3.Inference.Decoding;
using Sam3.Raster.Actors.Diagnostics;
using Sam3.Raster.Geometry.Vectorize;
using static Sam3.Raster.Actors.Jobs.JobCommands;
using static Sam3.Raster.Actors.Pipeline.PipelineMessages;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Vectorizes a tile's detections into polygons in scene pixel coordinates (one per connected
/// component of each kept query's mask, limited to the tile's window), stores them as the tile's
/// durable result and records the tile as done. Georeferencing happens once seams are merged.
/// Runs on a thread of its own (<see cref="PipelineDispatchers.CpuSide"/>), lowered at its start
/// when <c>lowered</c> says so (<see cref="CpuSideThread"/>).
/// </summary>
public sealed class GeometryActor : ReceiveActor
{
    private readonly MaskVectorizer vectorizer = new();
    private readonly bool lowered;

    public GeometryActor(TileCounter processed, bool lowered, DroppedJobs? dropped = null)
    {
        this.lowered = lowered;
        dropped ??= new DroppedJobs();
        Receive<TileDetections>(tile =>
        {
            var work = tile.Work;
            if (dropped.IsDropped(work))
            {
                tile.ReportTo.Tell(new TileDropped(work));
                return;
            }

            try
            {
                var features = Vectorize(tile.Detections, work.Tile);
                TileResultStore.Write(work.Spec.WorkDirectory, work.Scene, work.Tile.Id, features);
                PipelineMetrics.TilesCompleted.Add(1);
                processed.Increment();
                tile.ReportTo.Tell(new RecordTileCompleted(work.JobId, work.Scene, work.Tile.Id, features.Count));
            }
            catch (Exception ex)
            {
                tile.ReportTo.Tell(new RecordTileFailed(work.JobId, work.Scene, work.Tile.Id, $"cannot vectorize or store the tile: {ex.Message}"));
            }
        });
    }

    public static Props Props(TileCounter processed, bool lowered, DroppedJobs? dropped = null) =>
        Akka.Actor.Props.Create(() => new GeometryActor(processed, lowered, dropped)).WithDispatcher(PipelineDispatchers.CpuSide);

    protected override void PreStart()
    {
        if (lowered)
        {
            CpuSideThread.Lower();
        }
    }

    public IReadOnlyList<TileFeature> Vectorize(IReadOnlyList<Detection> detections, TileRef tile)
    {
        var features = new List<TileFeature>();
        foreach (var d in detections.OrderBy(d => d.Prompt).ThenBy(d => d.Query))
        {
            if (d.Mask is not { } mask || CropToWindow(mask, tile) is not { } m)
            {
                continue;
            }

            foreach (var polygon in vectorizer.Vectorize(m.Pixels, m.Width, m.Height, tile.Window.Col + m.Col, tile.Window.Row + m.Row))
            {
                features.Add(new TileFeature(d.Prompt, d.Score, d.Query, polygon));
            }
        }

        return features;
    }

    /// <summary>The part of a mask inside the window (a patch is padded where the scene ends); null when nothing is left.</summary>
    private static DetectionMask? CropToWindow(DetectionMask mask, TileRef tile)
    {
        int w = Math.Min(mask.Width, tile.Window.Width - mask.Col), h = Math.Min(mask.Height, tile.Window.Height - mask.Row);
        if (w <= 0 || h <= 0)
        {
            return null;
        }

        if (w == mask.Width && h == mask.Height)
        {
            return mask;
        }

        var pixels = new byte[w * h];
        for (int r = 0; r < h; r++)
        {
            Array.Copy(mask.Pixels, r * mask.Width, pixels, r * w, w);
        }

        return new DetectionMask(mask.Col, mask.Row, w, h, pixels);
    }
}
