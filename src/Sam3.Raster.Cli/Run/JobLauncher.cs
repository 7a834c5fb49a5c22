using Sam3.Inference.Contract;
using Sam3.Raster.Actors.Diagnostics;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Cli.Progress;
using Sam3.Raster.Tiling.Stac;

namespace Sam3.Raster.Cli.Run;

/// <summary>Checks a <see cref="RunRequest"/>, runs it on the embedded node, prints progress and the summary.</summary>
internal static class JobLauncher
{
    public const int JobFailed = 1;

    /// <summary>Stopped by SIGINT / SIGTERM before the job ended (128 + SIGINT, as shells report Ctrl+C).</summary>
    public const int JobInterrupted = 130;

    /// <summary>A checked, ready-to-run job: spec, the process's settings and where its state lives.</summary>
    public sealed record PreparedJob(JobSpec Spec, JobId Id, Sam3Settings Settings, JobFiles Files);

    /// <summary>The one path of a job on the embedded node (<c>sam3r run</c>, <c>sam3r demo</c>): check, load the model, run, report.</summary>
    public static int Run(RunRequest request)
    {
        var job = Prepare(request);
        using var resources = PipelineResources.For(job.Settings.Pipeline, ModelContract.ImageLength);

        // The model is loaded (and checked against the contract) on every device before any work starts.
        string devices = resources.OpenModel(job.Spec.ModelPath);
        Console.Error.WriteLine($"sam3r: {job.Id}: {job.Spec.Scenes.Count} scene(s) × {job.Spec.Prompts.Count} prompt(s), model on {devices}");
        return Execute(job, request.Resume, request.Json, resources);
    }

    /// <summary>Runs a prepared job on the embedded node; prints progress, then the summary.</summary>
    private static int Execute(PreparedJob job, bool resume, bool json, PipelineResources resources)
    {
        if (!resume && job.Files.Exists)
        {
            job.Files.Delete();
        }

        Directory.CreateDirectory(job.Spec.WorkDirectory);

        var node = job.Settings.ApplyTo(Sam3NodeOptions.Embedded(job.Files.StatePath));

        JobProgress final;
        TimeSpan elapsed;
        int runNow, before;
        var display = new ProgressDisplay();
        using var modelBusy = new ModelBusySpan();

        try
        {
            final = EmbeddedJob.RunAsync(job.Spec, node, (builder, _) => builder.WithSam3Pipeline(node, job.Settings.Pipeline, resources), display.Update).GetAwaiter().GetResult();
        }
        catch (JobRefusedException refused)
        {
            return CliErrors.Report($"cannot resume: {refused.Message} (run without --resume to start over)", JobFailed);
        }
        catch (JobInterruptedException interrupted)
        {
            return CliErrors.Report($"interrupted: {interrupted.Message}; the tiles done so far are kept in {job.Files.StatePath}: run the same command with --resume to go on", JobInterrupted);
        }
        finally
        {
            display.DisposeAsync().AsTask().GetAwaiter().GetResult();
            elapsed = display.Elapsed;
            runNow = display.TilesThisRun;
            before = display.TilesBefore;
        }

        var summary = RunSummary.From(final, runNow, before, elapsed, job.Spec.Outputs, job.Files.StatePath, modelBusy.Seconds);
        Console.Out.Write(json ? summary.ToJson() + Environment.NewLine : summary.ToText());
        if (final.Status != JobStatus.Completed)
        {
            return CliErrors.Report($"job failed: {final.FailureReason}", JobFailed);
        }

        return 0;
    }

    /// <summary>Every check that needs no work: paths, model, options. Throws one clear line on the first problem.</summary>
    public static PreparedJob Prepare(RunRequest request)
    {
        var settings = Sam3Settings.Load(request.Settings);

        if (request.Inputs.Count == 0)
        {
            throw new ArgumentException("no scene: pass --input PATH (repeat for several) or --inputs FILE");
        }

        var scenes = SceneInputs.Resolve(request.Inputs, request.Asset);
        var inputs = scenes.Select(s => RunPreflight.ResolveInput(s.Path)).ToList();
        RunPreflight.CheckScenes(inputs, request.Resolution, request.Aoi);
        var prompts = RunPreflight.CheckPrompts(request.Prompts);
        foreach (var warning in RunPreflight.LongPromptWarnings(prompts))
        {
            Console.Error.WriteLine($"sam3r: warning: {warning}");
        }

        var tiles = RunPreflight.CheckTiles(request.TileSize, request.Overlap);
        float threshold = RunPreflight.CheckThreshold(request.Threshold);
        var outputs = RunPreflight.ResolveOutputs(request.Outputs);
        string? outputCrs = request.OutputCrs is { } crs ? Sam3.Raster.Geometry.Output.OutputCrsRule.Normalize(crs) : null;
        foreach (var warning in OutputCrsCheck.Check(inputs, outputs, outputCrs))
        {
            Console.Error.WriteLine($"sam3r: warning: {warning}");
        }

        string model = RunPreflight.ResolveModel(request.Model);
        var files = JobFiles.For(outputs[0], request.StatePath);
        RunPreflight.CheckWritableFolder(Path.GetDirectoryName(files.StatePath)!, files.StatePath);

        var spec = new JobSpec
        {
            Scenes = inputs,
            Prompts = prompts,
            Outputs = outputs,
            ModelPath = model,
            WorkDirectory = files.WorkRoot,
            Tiles = tiles,
            Bands = request.Bands,
            Threshold = threshold,
            MaxTileAttempts = settings.Pipeline.TileAttempts,
            Geometry = request.Geometry.Checked(),
            OutputCrs = outputCrs,
            SceneNames = SceneInputs.Names(scenes),
            Resolution = request.Resolution,
            Aoi = request.Aoi,
        }.InWorkRoot(files.WorkRoot);
        return new PreparedJob(spec, JobId.For(spec), settings, files);
    }
}
