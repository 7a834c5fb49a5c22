using System.CommandLine;
using Sam3.Raster.Actors.Gateway;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Cli.Cluster;
using Sam3.Raster.Cli.Options;
using Sam3.Raster.Cli.Run;
using static Sam3.Raster.Actors.Jobs.JobQueries;

namespace Sam3.Raster.Cli.Commands;

/// <summary>
/// <c>sam3r submit</c>: hands a job to a running cluster (through the gateway on a control node)
/// and prints its id; with --wait follows it to the end. Paths are as the nodes see them: the
/// cluster checks them, and a bad one fails the job with the reason. STAC inputs are resolved here,
/// as <c>run</c> resolves them (<see cref="SceneInputs"/>).
/// </summary>
internal static class SubmitCommand
{
    public const int JobFailed = 1;

    public static Command Create()
    {
        var seeds = new Option<string[]>("--seeds") { Description = "Control nodes, HOST:PORT (repeat or comma-separate).", Required = true };
        var job = new JobOptions(required: false, "Model path on the nodes (default: the nodes' --model).");
        var wait = new Option<bool>("--wait") { Description = "Follow the job until it ends; exit 1 if it fails." };
        var timeout = new Option<double?>("--timeout") { Description = "Give up (exit 1) after this many seconds without an answer from the cluster (for the submission: at most 60). Default: wait as long as it takes with --wait." };
        var command = new Command("submit", "Submit a job to a running cluster and print its id.");
        command.Options.Add(seeds);
        job.AddTo(command);
        command.Options.Add(wait);
        command.Options.Add(timeout);

        command.SetAction(parse =>
        {
            // Checked here as well as by the cluster, so a bad option is one line and exit code 2 before any connection.
            var request = new JobRequest
            {
                Inputs = job.Scenes(parse),
                Prompts = parse.GetValue(job.Prompt) ?? [],
                Outputs = parse.GetValue(job.Output) ?? [],
                Model = parse.GetValue(job.Model),
                Tile = parse.GetValue(job.Tile),
                Overlap = parse.GetValue(job.Overlap),
                Bands = parse.GetValue(job.Bands),
                Threshold = parse.GetValue(job.Threshold),
                Merge = parse.GetValue(job.Geometry.Merge)!,
                DedupeIou = parse.GetValue(job.Geometry.DedupeIou),
                Simplify = parse.GetValue(job.Geometry.Simplify),
                MinArea = parse.GetValue(job.Geometry.MinArea),
                OutCrs = parse.GetValue(job.OutCrs),
                Asset = parse.GetValue(job.Asset)!,
                Resolution = parse.GetValue(job.Resolution),
                Resampling = parse.GetValue(job.Resampling)!,
                Aoi = parse.GetValue(job.Aoi),
                AoiClip = parse.GetValue(job.AoiClip),
            };
            var silence = parse.GetValue(timeout) is { } t
                ? t > 0 ? TimeSpan.FromSeconds(t) : throw new ArgumentException($"--timeout takes a positive number of seconds, got {t}")
                : Timeout.InfiniteTimeSpan;
            return Run(parse.GetValue(seeds)!, request.ToSubmitJob(Environment.CurrentDirectory), parse.GetValue(wait), silence).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> Run(IReadOnlyList<string> seeds, GatewayProtocol.SubmitJob submit, bool wait, TimeSpan silence)
    {
        await using var client = new GatewayClient(seeds);
        var first = silence == Timeout.InfiniteTimeSpan || silence > TimeSpan.FromSeconds(60) ? TimeSpan.FromSeconds(60) : silence;
        JobCommandResult reply;
        try
        {
            reply = await client.Ask<JobCommandResult>(submit, first);
        }
        catch (Akka.Actor.AskTimeoutException)
        {
            return CliErrors.Report($"no control node answers ({string.Join(", ", seeds)}) within {first.TotalSeconds:0} s: the job was not submitted", JobFailed);
        }

        if (reply.Outcome == JobCommandOutcome.Rejected)
        {
            return CliErrors.Report($"job refused: {reply.Reason}", JobFailed);
        }

        Console.Out.WriteLine(reply.JobId.Value);
        if (!wait)
        {
            return 0;
        }

        var final = await Follow(client, reply.JobId, string.Join(", ", seeds), silence);
        if (final is null)
        {
            return CliErrors.Report($"no answer from the cluster ({string.Join(", ", seeds)}) for {silence.TotalSeconds:0} s; the job may still run: sam3r status {reply.JobId.Value}", JobFailed);
        }

        Console.Error.WriteLine(StatusCommand.Describe(final));
        return final.Status switch
        {
            JobStatus.Completed => 0,
            JobStatus.Cancelled => CliErrors.Report($"job cancelled: {final.JobId.Value} (submit it again to resume)", JobFailed),
            _ => CliErrors.Report($"job failed: {final.FailureReason}", JobFailed),
        };
    }

    /// <summary>
    /// Polls the job's progress until it ends. A control node that does not answer (restarting, cut
    /// off) is waited for: said once when it stops answering and once when it answers again; after
    /// <paramref name="silence"/> without an answer, null.
    /// </summary>
    private static async Task<JobProgress?> Follow(GatewayClient client, JobId id, string seeds, TimeSpan silence)
    {
        string? last = null;
        DateTime? unanswered = null;
        while (true)
        {
            try
            {
                var progress = await client.Ask<JobProgress>(new GetJobProgress(id), TimeSpan.FromSeconds(5));
                if (unanswered is not null)
                {
                    Console.Error.WriteLine($"sam3r: the cluster answers again after {(DateTime.UtcNow - unanswered.Value).TotalSeconds:0} s");
                    unanswered = null;
                }

                string line = StatusCommand.Describe(progress);
                if (line != last)
                {
                    Console.Error.WriteLine(line);
                    last = line;
                }

                if (progress.IsFinished)
                {
                    return progress;
                }
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                if (unanswered is null)
                {
                    unanswered = DateTime.UtcNow - TimeSpan.FromSeconds(5);
                    Console.Error.WriteLine($"sam3r: no control node answers ({seeds}); still waiting" + (silence == Timeout.InfiniteTimeSpan ? string.Empty : $" (at most {silence.TotalSeconds:0} s)"));
                }

                if (silence != Timeout.InfiniteTimeSpan && DateTime.UtcNow - unanswered.Value >= silence)
                {
                    return null;
                }
            }

            await Task.Delay(500);
        }
    }
}
