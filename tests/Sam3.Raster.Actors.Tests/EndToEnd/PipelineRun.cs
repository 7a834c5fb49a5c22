using Sam3.Inference.Contract;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>Runs a whole job in-process on the embedded node, exactly as <c>sam3r run</c> wires it.</summary>
internal static class PipelineRun
{
    public static JobSpec Spec(string scene, string model, string folder, string[] prompts, int overlap = 128) => new()
    {
        Scenes = [scene],
        Prompts = prompts,
        Outputs = [Path.Combine(folder, "out.parquet"), Path.Combine(folder, "out.geojson")],
        ModelPath = model,
        WorkDirectory = Path.Combine(folder, "work"),
        Tiles = new TileSettings(1008, overlap),
    };

    /// <summary>Runs (or, when the state file exists, resumes) <paramref name="spec"/> to its end.</summary>
    public static async Task<(JobProgress Final, PipelineResources Resources)> RunAsync(JobSpec spec, string statePath, PipelineSettings settings)
    {
        var resources = PipelineResources.For(settings, ModelContract.ImageLength);
        var node = Sam3NodeOptions.Embedded(statePath) with { Jobs = new JobEntitySettings(settings.MaxInFlightTiles, settings.SnapshotEvery) };
        var final = await EmbeddedJob.RunAsync(spec, node, (builder, _) => builder.WithSam3Pipeline(node, settings, resources))
            .WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
        resources.Dispose();
        return (final, resources);
    }

    /// <summary>The features of a GeoParquet output, with their envelopes in scene pixels.</summary>
    public static IReadOnlyList<(string Prompt, Tiling.Geo.PixelWindow Bounds, NetTopologySuite.Geometries.Geometry Geometry)> Features(string parquet)
    {
        var toPixel = SyntheticScene.Transform.Inverse;
        return [.. Sam3.Raster.Geometry.Output.GeoParquetFeatures.Read(parquet).Select(f =>
        {
            var env = f.Geometry.EnvelopeInternal;
            var (c0, r0) = toPixel.ToWorld(env.MinX, env.MaxY);
            var (c1, r1) = toPixel.ToWorld(env.MaxX, env.MinY);
            int col = (int)Math.Round(c0), row = (int)Math.Round(r0);
            return (f.Prompt, new Tiling.Geo.PixelWindow(col, row, (int)Math.Round(c1) - col, (int)Math.Round(r1) - row), f.Geometry);
        })];
    }
}
