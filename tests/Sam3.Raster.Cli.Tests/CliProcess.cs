using System.Diagnostics;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>The built <c>sam3r</c> as a child process, with the settings file a test gives it (SAM3R_CONFIG).</summary>
internal static class CliProcess
{
    public static Process Start(string config, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["SAM3R_CONFIG"] = config;
        info.Environment.Remove("SAM3R_MODEL");
        info.Environment.Remove("SAM3R_TOKEN");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sam3r.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    public static async Task<ProcessResult> Finish(Process process, TimeSpan timeout)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(cts.Token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
    }

    /// <summary>Kills what is still running (SIGKILL) and releases the processes.</summary>
    public static void KillAll(IEnumerable<Process> processes)
    {
        foreach (var p in processes)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // already finished and released
            }

            p.Dispose();
        }
    }
}
