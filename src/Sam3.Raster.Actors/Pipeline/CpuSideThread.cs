using System.Runtime.InteropServices;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// The priority of a node's CPU-side threads (reading and vectorizing), decided once per node from
/// where its model runs. ONNX Runtime splits each operator evenly over its threads, so a reader
/// that preempts one of them stalls the others at the operator's end: beside a CPU model the
/// readers and geometry actors run at nice 19, in the model's gaps (and fully whenever it waits for
/// patches), while the job's credit window keeps them ahead. With a GPU the cores are theirs, and a
/// low priority would only let other processes starve the GPU. The measurements behind this are
/// in docs/BENCHMARKS.md.
/// </summary>
public static partial class CpuSideThread
{
    /// <summary>The nice value of a lowered thread: the lowest priority an unprivileged process may set.</summary>
    public const int LowNice = 19;

    /// <summary>Whether the CPU-side threads run at <see cref="LowNice"/>, for <paramref name="priority"/> and a node whose model does or does not run on the CPU.</summary>
    public static bool IsLowered(CpuSidePriority priority, bool modelOnCpu) => priority switch
    {
        CpuSidePriority.Low => true,
        CpuSidePriority.Auto => modelOnCpu,
        _ => false,
    };

    /// <summary>
    /// Lowers the calling thread to <see cref="LowNice"/>, for good (an unprivileged thread cannot
    /// raise itself back). Called once, when a CPU-side actor starts on its own thread
    /// (<see cref="PipelineDispatchers.CpuSide"/>), so nothing else ever runs lowered. Linux only:
    /// there the nice value is per thread; elsewhere a no-op.
    /// </summary>
    public static void Lower()
    {
        if (OperatingSystem.IsLinux())
        {
            // PRIO_PROCESS with who = 0 means the calling thread on Linux.
            _ = setpriority(PrioProcess, 0, LowNice);
        }
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);
}
