using System.Runtime.InteropServices;

namespace Sam3.Raster.Bench;

/// <summary>
/// CPU time (user + system) and minor page faults of this process's children that have been
/// waited for, from getrusage(RUSAGE_CHILDREN): the difference around one child's run is that
/// child's, to the last tick, which /proc polling would miss at exit.
/// </summary>
internal static partial class ChildCpu
{
    private const int RusageChildren = -1;

    public static double Seconds()
    {
        var u = Usage();
        return u.User + u.System;
    }

    /// <summary>User and system seconds and minor page faults of the waited-for children so far.</summary>
    public static unsafe (double User, double System, long MinorFaults) Usage()
    {
        if (getrusage(RusageChildren, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed (errno {Marshal.GetLastPInvokeError()})");
        }

        return (usage.UserSeconds + (usage.UserMicros / 1e6), usage.SystemSeconds + (usage.SystemMicros / 1e6), usage.Rest[MinorFaultsIndex]);
    }

    /// <summary>ru_minflt: after ru_maxrss, ru_ixrss, ru_idrss, ru_isrss.</summary>
    private const int MinorFaultsIndex = 4;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out Rusage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Rusage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        public fixed long Rest[14];
    }
}
