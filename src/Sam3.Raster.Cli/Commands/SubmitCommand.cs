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
/// cluster checks them, and a bad one fails the job with the reason.
/// </summary>
internal static class SubmitCommand
{
    public const int JobFailed = 1;

    public static Command Create()
    {
        var seeds = new Option<string[]>("--seeds") { Description = "Control nodes, HOST:PORT (repeat or comma-separate).", Required = true };
        var job = new JobOptions(required: false, "Model path on the nodes (default: the nodes' --model).");
        var inputs = new Option<string?>("--inputs") { Description = "File with one scene path per line." };
        var wait = new Option<bool>("--wait") { Description = "Follow the job until it ends; exit 1 if it fails." };
        var command = new Command("submit", "Submit a job to a running cluster and print its id.");
        command.Options.Add(seeds);
        job.AddTo(command);
        command.Options.Add(inputs);
        command.Options.Add(wait);

        command.SetAction(parse =>
        {
            // Checked here as well as by the cluster, so a bad option is one line and exit code 2 before any connection.
            var scenes = (parse.GetValue(job.Input) ?? []).ToList();
            if (parse.GetValue(inputs) is { } list)
            {
                scenes.AddRange(File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }

            var request = new JobRequest
            {
                Inputs = scenes,
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
            };
            return Run(parse.GetValue(seeds)!, request.ToSubmitJob(Environment.CurrentDirectory), parse.GetValue(wait)).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> Run(IReadOnlyList<string> seeds, GatewayProtocol.SubmitJob submit, bool wait)
    {
        await using var client = new GatewayClient(seeds);
        var reply = await client.Ask<JobCommandResult>(submit, TimeSpan.FromSeconds(60));
        if (reply.Outcome == JobCommandOutcome.Rejected)
        {
            return CliErrors.Report($"job refused: {reply.Reason}", JobFailed);
        }

        Console.Out.WriteLine(reply.JobId.Value);
        if (!wait)
        {
            return 0;
        }

        var final = await Follow(client, reply.JobId);
        Console.Error.WriteLine(StatusCommand.Describe(final));
        return final.Status switch
        {
            JobStatus.Completed => 0,
            JobStatus.Cancelled => CliErrors.Report($"job cancelled: {final.JobId.Value} (submit it again to resume)", JobFailed),
            _ => CliErrors.Report($"job failed: {final.FailureReason}", JobFailed),
        };
    }

    /// <summary>Polls the job's progress until it ends; a control node that is away for a while (restart, rebalancing) is waited for.</summary>
    private static async Task<JobProgress> Follow(GatewayClient client, JobId id)
    {
        string? last = null;
        while (true)
        {
            try
            {
                var progress = await client.Ask<JobProgress>(new GetJobProgress(id), TimeSpan.FromSeconds(10));
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
                // the cluster is busy or a control node is restarting: ask again
            }

            await Task.Delay(500);
        }
    }
}
