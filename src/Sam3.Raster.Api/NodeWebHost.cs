using System.Net;
using Microsoft.AspNetCore.Builder;
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
        services(builder.Services);

        var app = builder.Build();
        app.UseBearerToken(endpoint.Token);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapJobEndpoints();
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
