using System.Runtime.InteropServices;

namespace Sam3.Inference.Tests;

/// <summary>
/// Minor page faults of the calling thread (getrusage RUSAGE_THREAD): a session opened with one
/// intra-op thread runs its kernels on the caller, so the difference around a run is that run's.
/// </summary>
internal static partial class ThreadFaults
{
    private const int RusageThread = 1;

    public static unsafe long Minor()
    {
        if (getrusage(RusageThread, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed (errno {Marshal.GetLastPInvokeError()})");
        }

        return usage.Longs[4]; // ru_minflt: after ru_maxrss, ru_ixrss, ru_idrss, ru_isrss
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out Rusage usage);

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Rusage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        public fixed long Longs[14];
    }
}
