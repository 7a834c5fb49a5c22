using Akka.Hosting;
using Sam3.Inference.Contract;
using Sam3.Raster.Actors.Gateway;
using Sam3.Raster.Actors.Jobs;
using static Sam3.Raster.Actors.Jobs.JobCommands;

namespace Sam3.Raster.Actors.Tests.Gateway;

/// <summary>The gateway turns a client's submission into a job spec; the job region is a probe here.</summary>
public sealed class JobGatewaySpecs(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private const string WorkRoot = "/shared/work";

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
    }

    private static GatewayProtocol.SubmitJob Submit(TileSettings tiles) =>
        new(["/data/scene0.tif"], ["red"], ["/out/result.parquet"], "/models/color.onnx", tiles, null, JobSpec.DefaultThreshold);

    [Fact]
    public void A_submitted_jobs_work_folder_is_named_after_the_id_it_runs_under()
    {
        var jobs = CreateTestProbe();
        var gateway = Sys.ActorOf(JobGateway.Props(jobs.Ref, WorkRoot, defaultModel: null));

        gateway.Tell(Submit(TileSettings.Default), TestActor);

        var start = jobs.ExpectMsg<StartJob>();
        Assert.Equal(Path.Combine(WorkRoot, start.JobId.Value), start.Spec.WorkDirectory);
        Assert.Equal(JobId.For(start.Spec), start.JobId);
    }

    [Fact]
    public void A_tile_size_other_than_the_models_patch_size_is_refused_and_no_job_starts()
    {
        var jobs = CreateTestProbe();
        var gateway = Sys.ActorOf(JobGateway.Props(jobs.Ref, WorkRoot, defaultModel: null));

        gateway.Tell(Submit(new TileSettings(512, 128)), TestActor);

        var reply = ExpectMsg<JobCommandResult>();
        Assert.Equal(JobCommandOutcome.Rejected, reply.Outcome);
        Assert.Equal($"tile size 512 is not the model's patch size ({ModelContract.PatchSize} px)", reply.Reason);
        jobs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_PostGIS_output_on_an_unreachable_server_is_refused_naming_host_and_port_and_no_job_starts()
    {
        var jobs = CreateTestProbe();
        var gateway = Sys.ActorOf(JobGateway.Props(jobs.Ref, WorkRoot, defaultModel: null));
        int port = Sam3.Raster.TestSupport.TestPorts.Free();
        var submit = Submit(TileSettings.Default) with { Outputs = [$"postgresql://someone@127.0.0.1:{port}/nowhere?table=detections"] };

        gateway.Tell(submit, TestActor);

        var reply = ExpectMsg<JobCommandResult>(TimeSpan.FromSeconds(30));
        Assert.Equal(JobCommandOutcome.Rejected, reply.Outcome);
        Assert.StartsWith($"cannot connect to PostgreSQL at 127.0.0.1:{port} (database nowhere, user someone): ", reply.Reason);
        jobs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
