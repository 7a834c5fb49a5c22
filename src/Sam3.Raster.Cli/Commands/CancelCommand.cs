using System.CommandLine;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Cli.Cluster;

namespace Sam3.Raster.Cli.Commands;

/// <summary>
/// <c>sam3r cancel JOBID</c>: stops a job of a running cluster. Nothing more is dispatched, tiles in
/// flight are dropped and no outputs are written; the tiles done stay recorded, so submitting the
/// same job again resumes it.
/// </summary>
internal static class CancelCommand
{
    public const int NotCancelled = 1;

    public static Command Create()
    {
        var job = new Argument<string>("job") { Description = "The job id (as submit printed it)." };
        var seeds = new Option<string[]>("--seeds") { Description = "Control nodes, HOST:PORT.", Required = true };
        var command = new Command("cancel", "Cancel a job of a running cluster (submit it again to resume).");
        command.Arguments.Add(job);
        command.Options.Add(seeds);
        command.SetAction(parse => Run(parse.GetValue(seeds)!, new JobId(parse.GetValue(job)!)).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> Run(IReadOnlyList<string> seeds, JobId id)
    {
        await using var client = new GatewayClient(seeds);
        var reply = await client.Ask<JobCommandResult>(new JobCommands.CancelJob(id), TimeSpan.FromSeconds(60));
        if (reply.Outcome == JobCommandOutcome.Rejected)
        {
            return CliErrors.Report($"cannot cancel: {reply.Reason}", NotCancelled);
        }

        Console.Out.WriteLine($"cancelled {id.Value}");
        return 0;
    }
}
