using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Rewrite;
using OpenTelemetry.Metrics;
using Sam3.Raster.Actors.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sam3.Raster.Api.Dashboard;

namespace Sam3.Raster.Api;

/// <summary>
/// The host of a control node with <c>--http</c>: ASP.NET Core (Kestrel on <see cref="HttpEndpoint"/>)
/// in the node's process, the node's services (its actor system) registered beside the endpoints.
/// Without <c>--http</c> a node runs the same services on a plain generic host.
/// </summary>
public static class NodeWebHost
{
    /// <summary>Static files (the dashboard) are served from here: <c>wwwroot</c> beside the binary.</summary>
    public static string WebRoot => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    private const string ReadyTag = "ready";

    public static WebApplication Create(HttpEndpoint endpoint, Action<IServiceCollection> services, Action<ILoggingBuilder> logging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = WebRoot,
        });
        logging(builder.Logging);
        // ASP.NET Core's own information lines (listening, requests) would drown the node's log.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel => Listen(kestrel, endpoint));
        builder.Services.AddSingleton<JobsClient>();
        builder.Services.AddDashboard();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<ClusterReadiness>("cluster", tags: [ReadyTag]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusExporter());
        services(builder.Services);

        var app = builder.Build();
        app.UseBearerToken(endpoint.Token);
        // The OpenAPI document's route must name the document; /openapi.json is the one everybody looks for.
        app.UseRewriter(new RewriteOptions().AddRewrite("^openapi\\.json$", "openapi/v1.json", skipRemainingRules: true));
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.MapJobEndpoints();
        app.MapNodeEndpoints();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapDashboardEndpoints();
        return app;
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, HttpEndpoint endpoint)
    {
        string host = endpoint.Host.Trim('[', ']');
        if (host is "localhost")
        {
            kestrel.ListenLocalhost(endpoint.Port);
        }
        else if (host is "*" or "0.0.0.0" or "::")
        {
            kestrel.ListenAnyIP(endpoint.Port);
        }
        else
        {
            var address = IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).First();
            kestrel.Listen(address, endpoint.Port);
        }
    }
}
