using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Api;

/// <summary>The job API: list, one job.</summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs", async (JobsClient jobs, CancellationToken cancel) =>
        {
            var list = await jobs.List(null, cancel);
            return TypedResults.Ok(list.Jobs.Select(JobView.From).ToList());
        })
        .WithName("ListJobs")
        .WithSummary("Every recorded job and its progress.");

        app.MapGet("/jobs/{id}", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<JobView>, Microsoft.AspNetCore.Http.HttpResults.NotFound<ApiError>>> (string id, JobsClient jobs, CancellationToken cancel) =>
        {
            var list = await jobs.List(new JobId(id), cancel);
            var job = list.Jobs.FirstOrDefault(j => j.Status != JobStatus.New);
            return job is null ? TypedResults.NotFound(new ApiError($"no job {id}")) : TypedResults.Ok(JobView.From(job));
        })
        .WithName("GetJob")
        .WithSummary("One job: status, tiles, features, error, per-node tile counts.");
        return app;
    }
}
