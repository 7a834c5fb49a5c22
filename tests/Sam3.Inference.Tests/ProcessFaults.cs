using System.Runtime.InteropServices;

namespace Sam3.Inference.Tests;

/// <summary>
/// Minor page faults of this process, every thread (getrusage RUSAGE_SELF): the difference
/// around a run is that run's while nothing else runs (<see cref="SerialCollection"/>).
/// </summary>
internal static partial class ProcessFaults
{
    private const int RusageSelf = 0;

    public static unsafe long Minor()
    {
        if (getrusage(RusageSelf, out var usage) != 0)
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

/// <summary>Tests that measure the whole process: they run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(SerialCollection), DisableParallelization = true)]
public sealed class SerialCollection;
