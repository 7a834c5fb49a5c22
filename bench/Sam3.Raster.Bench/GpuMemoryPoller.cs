using System.Diagnostics;
using System.Globalization;

namespace Sam3.Raster.Bench;

/// <summary>
/// The most GPU memory one process held while the poller ran: <c>nvidia-smi
/// --query-compute-apps=pid,used_memory -lms 100</c> in the background, lines of other processes
/// ignored. ONNX Runtime's CUDA arena never shrinks, so within one session the peak only grows.
/// </summary>
internal sealed class GpuMemoryPoller : IDisposable
{
    private readonly Process? smi;
    private readonly Task reader = Task.CompletedTask;
    private int pid;
    private long peakMb;

    public GpuMemoryPoller(int pid)
    {
        this.pid = pid;
        var info = new ProcessStartInfo("nvidia-smi") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits", "-lms", "100" })
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            smi = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            smi = null; // no nvidia-smi: the peak reads as unknown
        }

        if (smi is not null)
        {
            reader = Task.Run(Read);
        }
    }

    /// <summary>Follows another process from now on (e.g. a child started after the poller).</summary>
    public void Follow(int processId) => Interlocked.Exchange(ref pid, processId);

    /// <summary>The peak so far in MiB, or null when nvidia-smi is missing or has not seen the process.</summary>
    public long? PeakMb => Interlocked.Read(ref peakMb) is > 0 and var v ? v : null;

    /// <summary>Stops polling; the peak in MiB, or null when nvidia-smi is missing or never saw the process.</summary>
    public long? Stop()
    {
        if (smi is { HasExited: false })
        {
            smi.Kill();
        }

        reader.Wait(TimeSpan.FromSeconds(5));
        return PeakMb;
    }

    public void Dispose()
    {
        Stop();
        smi?.Dispose();
    }

    private async Task Read()
    {
        while (await smi!.StandardOutput.ReadLineAsync() is { } line)
        {
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p == Volatile.Read(ref pid)
                && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var mb))
            {
                long seen;
                while (mb > (seen = Interlocked.Read(ref peakMb)) && Interlocked.CompareExchange(ref peakMb, mb, seen) != seen)
                {
                }
            }
        }
    }
}
