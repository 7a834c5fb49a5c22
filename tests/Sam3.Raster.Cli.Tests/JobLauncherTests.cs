using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Cli.Run;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

public sealed class JobLauncherTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public void The_work_folder_of_a_run_is_named_after_the_job_that_runs_in_it()
    {
        using var temp = new TempDirectory("sam3r-prepare");

        var job = JobLauncher.Prepare(new RunRequest { Inputs = [scene.ScenePath], Prompts = ["red"], Outputs = [temp.File("o.parquet")], Model = scene.ModelPath });

        Assert.Equal(Path.Combine(job.Files.WorkRoot, job.Id.Value), job.Spec.WorkDirectory);
        Assert.Equal(JobId.For(job.Spec), job.Id);
    }
}
