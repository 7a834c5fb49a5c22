namespace Sam3.Raster.Actors.Pipeline;

/// <summary>The scheduling priority of a node's CPU-side threads (reading, vectorizing, storing): <c>sam3r.pipeline.cpu-side-priority</c>.</summary>
public enum CpuSidePriority
{
    /// <summary>Low while the node's model runs on the CPU, normal when it runs on a GPU.</summary>
    Auto,

    /// <summary>Always the process's own priority.</summary>
    Normal,

    /// <summary>Always low (nice 19).</summary>
    Low,
}
