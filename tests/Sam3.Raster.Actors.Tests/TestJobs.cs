using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Tests;

internal static class TestJobs
{
    public static JobSpec Spec(int scenes = 1, int maxAttempts = JobSpec.DefaultMaxTileAttempts, string work = "/tmp/work") => new()
    {
        Scenes = [.. Enumerable.Range(0, scenes).Select(i => $"/data/scene{i}.tif")],
        Prompts = ["red", "blue"],
        Outputs = ["/out/result.parquet", "/out/result.geojson"],
        ModelPath = "/models/color.onnx",
        WorkDirectory = work,
        Bands = [3, 2, 1],
        MaxTileAttempts = maxAttempts,
    };
}
