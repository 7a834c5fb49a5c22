using System.CommandLine;
using System.Globalization;
using Sam3.Raster.Actors.Nodes;
using Sam3.Raster.Actors.Gateway;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Cli.Cluster;

namespace Sam3.Raster.Cli.Commands;

/// <summary><c>sam3r status [JOBID]</c>: the cluster's nodes and its jobs (or one job).</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var job = new Argument<string?>("job") { Description = "A job id (default: every job).", Arity = ArgumentArity.ZeroOrOne };
        var seeds = new Option<string[]>("--seeds") { Description = "Control nodes, HOST:PORT.", Required = true };
        var command = new Command("status", "Show the cluster's nodes and jobs: tiles done, failed.");
        command.Arguments.Add(job);
        command.Options.Add(seeds);
        command.SetAction(parse =>
        {
            string? id = parse.GetValue(job);
            return Run(parse.GetValue(seeds)!, id is null ? null : new JobId(id)).GetAwaiter().GetResult();
        });
        return command;
    }

    public static string Describe(JobProgress p)
    {
        string tiles = p.TilesTotal == 0 ? "not planned" : $"tiles {p.TilesDone}/{p.TilesTotal} ({p.TilesEmpty} empty)";
        string end = p.Status switch
        {
            JobStatus.Completed => $", {p.Result!.TotalFeatures} features → {string.Join(", ", p.Result.Outputs)}",
            JobStatus.Failed => $": {p.FailureReason}",
            _ => "",
        };
        return $"{p.JobId.Value}  {p.Status.ToString().ToLowerInvariant()}  {tiles}  failed attempts {p.TileFailures}  scenes {p.ScenesPlanned}/{p.SceneCount}{end}";
    }

    /// <summary>"node akka.tcp://sam3r@w1:4053: 12 tiles, 1.3 tiles/s" for each gpu node that ran tiles of the job.</summary>
    public static IEnumerable<string> DescribeNodes(JobProgress p) =>
        (p.Nodes ?? []).Select(n => $"node {n.Node}: {n.Tiles} tiles, {n.TilesPerSecond.ToString("0.##", CultureInfo.InvariantCulture)} tiles/s");

    /// <summary>A member's line, with its model, device and tiles stored when it answered.</summary>
    public static string DescribeNode(string member, NodeProtocol.NodeInfo? info) =>
        info is null
            ? member
            : $"{member}  model {info.Model ?? "none"}{(info.Device is { } d ? $" on {d}" : "")}  tiles {info.TilesProcessed}";

    private static async Task<int> Run(IReadOnlyList<string> seeds, JobId? only)
    {
        await using var client = new GatewayClient(seeds);
        var list = await client.Ask<GatewayProtocol.JobList>(new GatewayProtocol.ListJobs(only), TimeSpan.FromSeconds(60));
        Console.Out.WriteLine("nodes:");
        foreach (var n in list.Nodes)
        {
            var info = list.NodeDetails?.FirstOrDefault(d => n.StartsWith(d.Address + " ", StringComparison.Ordinal));
            Console.Out.WriteLine("  " + DescribeNode(n, info));
        }

        if (list.ModelMismatch is { } mismatch)
        {
            Console.Out.WriteLine("  warning: " + mismatch);
        }

        Console.Out.WriteLine("jobs:");
        foreach (var j in list.Jobs)
        {
            Console.Out.WriteLine("  " + Describe(j));
            foreach (var line in DescribeNodes(j))
            {
                Console.Out.WriteLine("    " + line);
            }
        }

        if (only is not null && list.Jobs.All(j => j.Status == JobStatus.New))
        {
            return CliErrors.Report($"no job {only.Value.Value}", 1);
        }

        return 0;
    }
}
