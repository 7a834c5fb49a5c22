using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sam3.Raster.Api;

/// <summary><c>GET /nodes</c>: the cluster's members, and what each says about itself (roles, model, device, tiles).</summary>
public static class NodeEndpoints
{
    public static IEndpointRouteBuilder MapNodeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/nodes", async (JobsClient jobs, CancellationToken cancel) =>
        {
            var list = await jobs.List(null, cancel);
            return TypedResults.Ok(new NodesView(NodeView.From(list), list.ModelMismatch));
        })
        .WithName("ListNodes")
        .WithSummary("The cluster's nodes: roles, status, model, device, tiles stored.");
        return app;
    }
}
