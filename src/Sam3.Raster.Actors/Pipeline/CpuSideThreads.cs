using System.Runtime.InteropServices;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// Lowers the node's CPU-side threads to nice 19 when the model runs on the CPU (or always, or
/// never: <see cref="CpuSidePriority"/>). ONNX Runtime splits each operator evenly over its
/// threads, so a reader that preempts one of them stalls the other at the operator's end: on a
/// 2-core node a heavy batch took ~345 ms in the pipeline against ~305 ms alone, more than the
/// readers' own share of the cores explains. At nice 19 the readers run in the model's gaps (and
/// fully whenever the model waits for patches), and the bounded credit window keeps them ahead.
/// With a GPU the cores are theirs, and a low priority would only let other processes starve the
/// GPU; so <see cref="CpuSidePriority.Auto"/> lowers them only for a CPU model, and only once it
/// has begun its first run (before it, the first batch waits for the readers).
/// Linux only (elsewhere a no-op); a thread is lowered once and stays so, which is right because
/// the blocking dispatcher's threads serve only the CPU side.
/// </summary>
public sealed partial class CpuSideThreads(CpuSidePriority priority, Func<bool?> modelOnCpu)
{
    /// <summary>The nice value of a lowered thread: the lowest priority an unprivileged process may set.</summary>
    public const int LowNice = 19;

    /// <summary>Whether the calling thread's priority has been decided (lowered or left): then there is nothing more to do.</summary>
    [ThreadStatic]
    private static bool settled;

    /// <summary>
    /// Called by each CPU-side actor before its work: lowers the calling thread when it should be.
    /// A thread is decided once; with <see cref="CpuSidePriority.Auto"/> only once the model's
    /// device is known and its first run has begun (until then it is asked again on the next tile).
    /// </summary>
    public void Apply()
    {
        if (settled)
        {
            return;
        }

        bool? lower = priority switch
        {
            CpuSidePriority.Low => true,
            CpuSidePriority.Auto => modelOnCpu(),
            _ => false,
        };
        if (lower is not { } decided)
        {
            return;
        }

        settled = true;
        if (decided && OperatingSystem.IsLinux())
        {
            // On Linux the nice value is per thread, and PRIO_PROCESS with who = 0 means the calling thread.
            _ = setpriority(PrioProcess, 0, LowNice);
        }
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);
}
