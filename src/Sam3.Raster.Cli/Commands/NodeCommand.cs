using System.CommandLine;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sam3.Inference.Contract;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Api;
using Sam3.Raster.Cli.Cluster;
using Sam3.Raster.Cli.Options;
using Sam3.Raster.Cli.Run;

namespace Sam3.Raster.Cli.Commands;

/// <summary>
/// <c>sam3r node</c>: one node of a cluster, until SIGTERM/SIGINT (then it leaves the cluster
/// gracefully and exits 0). A node the cluster downed (the split-brain resolver put it on the side
/// that goes) exits with <see cref="Downed"/>, so that a supervisor restarting failed processes
/// (systemd Restart=on-failure, compose restart policies, Kubernetes) starts it again and it
/// joins the cluster anew through its seeds.
/// </summary>
internal static class NodeCommand
{
    public const int Downed = 3;

    public static Command Create()
    {
        var roles = new Option<string>("--roles") { Description = "Comma-separated roles: control (job state, gateway), gpu (inference), geo (writer).", DefaultValueFactory = _ => string.Join(',', ClusterConstants.AllRoles) };
        var host = new Option<string>("--host") { Description = "Address to bind remoting to.", DefaultValueFactory = _ => "127.0.0.1" };
        var publicHost = new Option<string?>("--public-host") { Description = "Address other nodes use to reach this one, when it differs from --host (containers)." };
        var port = new Option<int>("--port") { Description = "Remoting port.", DefaultValueFactory = _ => 4053 };
        var seeds = new Option<string[]>("--seeds") { Description = "Seed nodes, HOST:PORT (repeat or comma-separate). Default: this node.", AllowMultipleArgumentsPerToken = false };
        var state = new Option<string?>("--state") { Description = "Job journal as a SQLite file (one control node). Default: sam3r-state.db in the work folder." };
        var db = new Option<string?>("--db") { Description = "Job journal in PostgreSQL (connection string), for several control nodes." };
        var model = new Option<string?>("--model", "-m") { Description = $"Default model for jobs submitted without one (default: ${RunPreflight.ModelEnvironmentVariable})." };
        var work = new Option<string>("--work") { Description = "Work folder shared by every node (same path on each; a shared volume across machines): per-tile results live here.", DefaultValueFactory = _ => "sam3r-work" };
        var settingsOptions = new NodeSettingsOptions();
        var logFormat = new Option<string?>("--log-format") { Description = "Console log lines as text or json (one object a line, for log shippers). Default from config/sam3r.conf (sam3r.logging.format): text." };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var http = new Option<string?>("--http") { Description = "Serve the job API, metrics and dashboard on HOST:PORT (control nodes; e.g. 127.0.0.1:8080)." };
        var token = new Option<string?>("--token") { Description = $"Bearer token every HTTP request must carry (default: ${HttpEndpoint.TokenEnvironmentVariable}); required unless --http is a loopback address." };

        var command = new Command("node", "Run one node of a sam3r cluster until SIGTERM/SIGINT.");
        foreach (var o in new Option[] { roles, host, publicHost, port, seeds, state, db, model, work, logFormat, http, token })
        {
            command.Options.Add(o);
        }

        settingsOptions.AddTo(command);

        command.SetAction(parse =>
        {
            var settings = Sam3Settings.Load(settingsOptions.Overrides(parse));
            var roleList = ParseRoles(parse.GetValue(roles)!);
            string hostName = parse.GetValue(host)!;
            int portNumber = parse.GetValue(port);
            var seedList = parse.GetValue(seeds) is { Length: > 0 } s ? s : [$"{parse.GetValue(publicHost) ?? hostName}:{portNumber}"];
            string workRoot = Path.GetFullPath(parse.GetValue(work)!);
            Directory.CreateDirectory(workRoot);
            var store = parse.GetValue(db) is { } connection
                ? JobStore.PostgreSql(connection)
                : JobStore.Sqlite(parse.GetValue(state) ?? Path.Combine(workRoot, "sam3r-state.db"));
            string? defaultModel = parse.GetValue(model) ?? Environment.GetEnvironmentVariable(RunPreflight.ModelEnvironmentVariable);
            defaultModel = string.IsNullOrWhiteSpace(defaultModel) ? null : Path.GetFullPath(defaultModel);

            var node = settings.ApplyTo(new Sam3NodeOptions
            {
                Hostname = hostName,
                PublicHostname = parse.GetValue(publicHost),
                Port = portNumber,
                Roles = roleList,
                SeedNodes = SeedAddresses.Parse(seedList, RemotingTls.IsOn(settings.Hocon)),
                Store = store,
            });
            var httpEndpoint = parse.GetValue(http) is { } address ? HttpEndpoint.Parse(address, parse.GetValue(token)) : null;
            if (httpEndpoint is not null && !node.HasRole(ClusterConstants.ControlRole))
            {
                throw new ArgumentException($"--http needs the {ClusterConstants.ControlRole} role (the job API runs beside the job entities)");
            }

            return Run(node, settings.Pipeline, workRoot, defaultModel, parse.GetValue(logFormat), httpEndpoint);
        });
        return command;
    }

    private static int Run(Sam3NodeOptions node, PipelineSettings pipeline, string workRoot, string? defaultModel, string? logFormat, HttpEndpoint? http)
    {
        using var resources = PipelineResources.For(pipeline, ModelContract.ImageLength);
        if (node.HasRole(ClusterConstants.GpuRole) && defaultModel is not null)
        {
            // A bad default model (or device) fails the node at start, not the first job.
            Console.Error.WriteLine($"sam3r: model {defaultModel} on {resources.OpenModel(defaultModel)}");
        }

        void Services(IServiceCollection services) => services.AddSam3Node(node, (builder, _) => builder
            .WithSam3Pipeline(node, pipeline, resources)
            .WithSam3Gateway(node, workRoot, defaultModel, pipeline.TileAttempts));
        void Logging(Microsoft.Extensions.Logging.ILoggingBuilder logging) => logging.AddSam3Console(node.Hocon, logFormat);
        using IHost host = http is null
            ? new HostBuilder()
                .ConfigureLogging(Logging)
                .ConfigureServices(Services)
                .UseConsoleLifetime(o => o.SuppressStatusMessages = true)
                .Build()
            : NodeWebHost.Create(http, Services, Logging);
        host.Start();
        var system = host.Services.GetRequiredService<ActorSystem>();
        Console.Error.WriteLine($"sam3r: node {Akka.Cluster.Cluster.Get(system).SelfAddress} [{string.Join(",", node.Roles)}] joining {string.Join(", ", node.SeedNodes)}; work folder {workRoot}; journal {node.Store}");
        if (http is not null)
        {
            Console.Error.WriteLine($"sam3r: http on {http}");
        }

        host.WaitForShutdown();
        // With several devices, how the batches spread says whether one device sat idle.
        string perDevice = resources.Devices.Count == 1
            ? string.Empty
            : "; model batches " + string.Join(", ", resources.Devices.Select((d, i) => $"{Sam3PipelineExtensions.GpuActorName(i)} {d.BatchesRun}"));
        var reason = CoordinatedShutdown.Get(system).ShutdownReason;
        if (reason is CoordinatedShutdown.ClusterDowningReason or CoordinatedShutdown.ClusterJoinUnsuccessfulReason)
        {
            Console.Error.WriteLine($"sam3r: node downed by the cluster ({resources.Processed.Count} tiles processed here); exiting with {Downed} for a restart");
            return Downed;
        }

        Console.Error.WriteLine($"sam3r: node left; {resources.Processed.Count} tiles processed here{perDevice}");
        return 0;
    }

    private static IReadOnlyList<string> ParseRoles(string roles)
    {
        var list = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var unknown = list.FirstOrDefault(r => !ClusterConstants.AllRoles.Contains(r));
        if (list.Count == 0 || unknown is not null)
        {
            throw new ArgumentException($"--roles takes {string.Join(", ", ClusterConstants.AllRoles)} (comma-separated), got '{roles}'");
        }

        return list;
    }
}
