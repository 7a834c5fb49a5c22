using System.Diagnostics;

namespace Sam3.Raster.Bench;

/// <summary>Runs a command-line tool (GDAL's, /usr/bin/time) to completion; a non-zero exit throws with its stderr.</summary>
internal static class ExternalTool
{
    public static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {err.Result}");
        }
    }
}
