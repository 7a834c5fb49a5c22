using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sam3.Raster.Actors.Gateway;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Api;

/// <summary>
/// The job API: submit (<c>POST /jobs</c>), list, one job, cancel. A job request goes through
/// <see cref="JobRequest.ToSubmitJob"/> like <c>sam3r submit</c>'s options, and the gateway decides
/// like for <c>submit</c>: its refusals are 400 with the same one-line reason.
/// </summary>
public static class JobEndpoints
{
    /// <summary>Request bodies: camelCase, and a field the API does not know is an error (a typo must not be ignored).</summary>
    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs", async (JobsClient jobs, CancellationToken cancel) =>
        {
            var list = await jobs.List(null, cancel);
            return TypedResults.Ok(list.Jobs.Select(JobView.From).ToList());
        })
        .WithName("ListJobs")
        .WithSummary("Every recorded job and its progress.");

        app.MapGet("/jobs/{id}", async Task<Results<Ok<JobView>, NotFound<ApiError>>> (string id, JobsClient jobs, CancellationToken cancel) =>
            await Find(jobs, id, cancel) is { } job ? TypedResults.Ok(JobView.From(job)) : TypedResults.NotFound(new ApiError($"no job {id}")))
        .WithName("GetJob")
        .WithSummary("One job: status, tiles, features, error, per-node tile counts.");

        app.MapPost("/jobs", Submit)
        .Accepts<JobRequest>("application/json")
        .WithName("SubmitJob")
        .WithSummary("Submit a job (or resume a cancelled one: the same job has the same id).");

        app.MapPost("/jobs/{id}/cancel", async Task<Results<Accepted<JobAccepted>, NotFound<ApiError>, Conflict<ApiError>>> (string id, JobsClient jobs, CancellationToken cancel) =>
        {
            var reply = await jobs.Ask<JobCommandResult>(new JobCommands.CancelJob(new JobId(id)), cancel);
            if (reply.Outcome != JobCommandOutcome.Rejected)
            {
                return TypedResults.Accepted($"/jobs/{id}", new JobAccepted(id, JobView.StatusName(JobStatus.Cancelled)));
            }

            return await Find(jobs, id, cancel) is null
                ? TypedResults.NotFound(new ApiError($"no job {id}"))
                : TypedResults.Conflict(new ApiError(reply.Reason ?? $"{id} cannot be cancelled"));
        })
        .WithName("CancelJob")
        .WithSummary("Cancel a job: nothing more is dispatched, tiles in flight are dropped, no outputs are written.");
        return app;
    }

    private static async Task<Results<Accepted<JobAccepted>, BadRequest<ApiError>>> Submit(HttpRequest request, JobsClient jobs, CancellationToken cancel)
    {
        GatewayProtocol.SubmitJob submit;
        try
        {
            var body = await JsonSerializer.DeserializeAsync<JobRequest>(request.Body, RequestJson, cancel)
                ?? throw new ArgumentException("the body must be a job: {\"inputs\": […], \"prompts\": […], \"outputs\": […]}");
            submit = body.ToSubmitJob(baseDirectory: null);
        }
        catch (JsonException ex)
        {
            return TypedResults.BadRequest(new ApiError($"the body is not a job request: {ex.Message}"));
        }
        catch (ArgumentException ex)
        {
            return TypedResults.BadRequest(new ApiError(ex.Message));
        }

        var reply = await jobs.Ask<JobCommandResult>(submit, cancel);
        if (reply.Outcome == JobCommandOutcome.Rejected)
        {
            return TypedResults.BadRequest(new ApiError(reply.Reason ?? "job refused"));
        }

        string id = reply.JobId.Value;
        var progress = await Find(jobs, id, cancel);
        return TypedResults.Accepted($"/jobs/{id}", new JobAccepted(id, JobView.StatusName(progress?.Status ?? JobStatus.Planning)));
    }

    private static async Task<JobProgress?> Find(JobsClient jobs, string id, CancellationToken cancel)
    {
        var list = await jobs.List(new JobId(id), cancel);
        return list.Jobs.FirstOrDefault(j => j.Status != JobStatus.New);
    }
}

/// <summary>The answer to a submit or a cancel: the job's id and its status then.</summary>
public sealed record JobAccepted(string Id, string Status);
