using System.Runtime.InteropServices;

namespace Sam3.Raster.Bench;

/// <summary>
/// CPU time (user + system) of this process's children that have been waited for, from
/// getrusage(RUSAGE_CHILDREN): the difference around one child's run is that child's CPU, to the
/// last tick, which /proc polling would miss at exit.
/// </summary>
internal static partial class ChildCpu
{
    private const int RusageChildren = -1;

    public static double Seconds()
    {
        if (getrusage(RusageChildren, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed (errno {Marshal.GetLastPInvokeError()})");
        }

        return usage.UserSeconds + usage.UserMicros / 1e6 + usage.SystemSeconds + usage.SystemMicros / 1e6;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out Rusage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs we do not read.</summary>
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
