using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Maps;
using static Sam3.Raster.Actors.Jobs.JobQueries;

namespace Sam3.Raster.Api.Dashboard;

/// <summary>
/// What the dashboard (wwwroot/index.html) reads: a job's tiles and features on the map, each
/// scene's quicklook, and <c>/events</c>, a server-sent event stream of the jobs and the nodes
/// with their tiles/s (sent when they change, checked every <see cref="EventEvery"/>).
/// </summary>
public static class DashboardEndpoints
{
    public static readonly TimeSpan EventEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddDashboard(this IServiceCollection services) => services
        .AddSingleton<SceneGeoCache>()
        .AddSingleton<SceneQuicklooks>()
        .AddSingleton<NodeRates>();

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs/{id}/tiles", async (string id, ActorRegistry registry, SceneGeoCache scenes, CancellationToken cancel) =>
            await Tiles(registry, id, cancel) is { } tiles
                ? Results.Json(new JobMapBuilder(scenes).Build(tiles), DashboardJson.Options)
                : NoJob(id))
            .WithName("GetJobTiles")
            .WithSummary("The job's scenes and tiles on the map: lon/lat footprints, each tile's state.");

        app.MapGet("/jobs/{id}/features", async (string id, ActorRegistry registry, SceneGeoCache scenes, HttpContext http, CancellationToken cancel) =>
        {
            if (await Tiles(registry, id, cancel) is not { } tiles)
            {
                return NoJob(id);
            }

            // The writer is synchronous (GDAL, file reads): buffer, then send.
            using var buffer = new MemoryStream();
            await Task.Run(() => new JobFeatures(scenes).Write(tiles, buffer), cancel);
            return Results.Bytes(buffer.ToArray(), "application/geo+json");
        })
            .WithName("GetJobFeatures")
            .WithSummary("The job's features as GeoJSON (lon/lat): the output once complete, the done tiles' results before.");

        app.MapGet("/jobs/{id}/scenes/{scene:int}/quicklook.png", async (string id, int scene, ActorRegistry registry, SceneQuicklooks quicklooks, CancellationToken cancel) =>
        {
            if (await Tiles(registry, id, cancel) is not { Spec: { } spec })
            {
                return NoJob(id);
            }

            if (scene < 0 || scene >= spec.Scenes.Count)
            {
                return Results.NotFound(new ApiError($"{id} has no scene {scene}"));
            }

            try
            {
                return Results.Bytes(await Task.Run(() => quicklooks.Png(spec.Scenes[scene]), cancel), "image/png");
            }
            catch (Exception ex) when (ex is Sam3.Raster.Tiling.RasterException or IOException)
            {
                return Results.NotFound(new ApiError($"{spec.Scenes[scene]}: {ex.Message}"));
            }
        })
            .WithName("GetSceneQuicklook")
            .WithSummary("A scene of the job on the map grid over its lon/lat bounds (at most 1024 px), as PNG: the map's base.");

        app.MapGet("/events", Events)
            .WithName("Events")
            .WithSummary("Server-sent events: 'jobs' (as GET /jobs) and 'nodes' (as GET /nodes, with tiles/s) whenever they change.");
        return app;
    }

    private static async Task Events(HttpContext http, JobsClient jobs, NodeRates rates, CancellationToken cancel)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.Body.FlushAsync(cancel);
        string? lastJobs = null, lastNodes = null;
        using var timer = new PeriodicTimer(EventEvery);
        try
        {
            do
            {
                var list = await jobs.List(null, cancel);
                string jobsJson = JsonSerializer.Serialize(list.Jobs.Select(JobView.From), DashboardJson.Options);
                var now = DateTime.UtcNow;
                var nodes = NodeView.From(list).Select(n => new DashboardNode(
                    n.Address, n.Roles, n.Status, n.Model, n.Device, n.TilesProcessed, n.TilesProcessed is { } t ? Math.Round(rates.Sample(n.Address, t, now), 2) : null));
                string nodesJson = JsonSerializer.Serialize(nodes, DashboardJson.Options);
                var message = new StringBuilder();
                if (jobsJson != lastJobs)
                {
                    message.Append("event: jobs\ndata: ").Append(jobsJson).Append("\n\n");
                    lastJobs = jobsJson;
                }

                if (nodesJson != lastNodes)
                {
                    message.Append("event: nodes\ndata: ").Append(nodesJson).Append("\n\n");
                    lastNodes = nodesJson;
                }

                // A comment line now and then keeps proxies from closing a quiet stream.
                await http.Response.WriteAsync(message.Length > 0 ? message.ToString() : ": idle\n\n", cancel);
                await http.Response.Body.FlushAsync(cancel);
            }
            while (await timer.WaitForNextTickAsync(cancel));
        }
        catch (OperationCanceledException)
        {
            // the browser went away
        }
    }

    /// <summary>The job's tiles from its entity, or null when no such job was ever submitted.</summary>
    private static async Task<JobTiles?> Tiles(ActorRegistry registry, string id, CancellationToken cancel)
    {
        var region = await registry.GetAsync<ActorKeys.JobRegion>(cancel);
        var tiles = await region.Ask<JobTiles>(new GetJobTiles(new JobId(id)), AskTimeout, cancel);
        return tiles.Status == JobStatus.New ? null : tiles;
    }

    private static IResult NoJob(string id) => Results.NotFound(new ApiError($"no job {id}"));
}
