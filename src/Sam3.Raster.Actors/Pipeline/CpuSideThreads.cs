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
/// GPU; so <see cref="CpuSidePriority.Auto"/> lowers them only for a CPU model.
/// Linux only (elsewhere a no-op); a thread is lowered once and stays so, which is right because
/// the blocking dispatcher's threads serve only the CPU side.
/// </summary>
public sealed partial class CpuSideThreads(CpuSidePriority priority, Func<bool?> modelOnCpu)
{
    /// <summary>The nice value of a lowered thread: the lowest priority an unprivileged process may set.</summary>
    public const int LowNice = 19;

    [ThreadStatic]
    private static bool lowered;

    /// <summary>Called by each CPU-side actor before its work: lowers the calling thread when it should be and is not yet.</summary>
    public void Apply()
    {
        if (lowered || !OperatingSystem.IsLinux() || !ShouldLower())
        {
            return;
        }

        lowered = true;

        // On Linux the nice value is per thread, and PRIO_PROCESS with who = 0 means the calling thread.
        _ = setpriority(PrioProcess, 0, LowNice);
    }

    private bool ShouldLower() => priority switch
    {
        CpuSidePriority.Low => true,
        CpuSidePriority.Auto => modelOnCpu() == true,
        _ => false,
    };

    private const int PrioProcess = 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);
}
