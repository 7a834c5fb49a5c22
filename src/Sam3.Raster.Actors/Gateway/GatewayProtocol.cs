using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Actors.Gateway;

/// <summary>What <c>sam3r submit</c> and <c>sam3r status</c> ask the gateway on a control node (through ClusterClient).</summary>
public static class GatewayProtocol
{
    /// <summary>
    /// A job as the client gives it: paths as the cluster's nodes see them, not checked by the
    /// client. The gateway completes it (the node's default model, the shared work folder) into a
    /// <see cref="JobSpec"/> and starts it; the answer is a <see cref="JobCommandResult"/> naming the job.
    /// </summary>
    public sealed record SubmitJob(
        IReadOnlyList<string> Scenes,
        IReadOnlyList<string> Prompts,
        IReadOnlyList<string> Outputs,
        string? ModelPath,
        TileSettings Tiles,
        IReadOnlyList<int>? Bands,
        float Threshold,
        GeometrySettings? Geometry = null) : ISam3Message;

    /// <summary>Every recorded job (or only <paramref name="Only"/>) and the cluster's nodes; answered by <see cref="JobList"/>.</summary>
    public sealed record ListJobs(JobId? Only) : ISam3Message;

    /// <summary>
    /// Jobs' progress and the cluster's members ("address [roles] status"), with what each member
    /// that answered in time says about itself (<paramref name="NodeDetails"/>: model, device, tiles).
    /// </summary>
    public sealed record JobList(
        IReadOnlyList<JobProgress> Jobs,
        IReadOnlyList<string> Nodes,
        IReadOnlyList<Nodes.NodeProtocol.NodeInfo>? NodeDetails = null) : ISam3Message
    {
        /// <summary>
        /// One line naming the gpu nodes and their models when they were started with different
        /// model files (path or size); null when they agree.
        /// </summary>
        public string? ModelMismatch => GpuModels.Describe(NodeDetails ?? []);
    }
}
