using System.Diagnostics;

namespace Sam3.Raster.TestSupport.Lab;

/// <summary>
/// A host of a <see cref="NetworkLab"/>: runs <c>sam3r</c> commands in its namespace, as
/// <c>dotnet <see cref="NetworkLab.Sam3r"/></c> (the tests' own build, or the benchmark's publish).
/// </summary>
public sealed class LabHost(NetworkLab lab, string name, string ns, string outside, string address) : IDisposable
{
    private readonly List<LabNode> nodes = [];

    public NetworkLab Lab { get; } = lab;

    public string Name { get; } = name;

    public string Namespace { get; } = ns;

    /// <summary>The bridge-side end of the host's link: down cuts the host off.</summary>
    public string Outside { get; } = outside;

    public string Address { get; } = address;

    /// <summary>A supervised <c>sam3r node</c> here (see <see cref="LabNode"/>), logging to <paramref name="log"/>.</summary>
    public LabNode StartNode(string config, IReadOnlyList<string> args, string log)
    {
        var node = new LabNode(this, config, args, log);
        nodes.Add(node);
        node.Start();
        return node;
    }

    /// <summary>Starts <c>sam3r</c> with <paramref name="args"/> in this host's namespace, output redirected.</summary>
    public Process Start(string config, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["SAM3R_CONFIG"] = config;
        foreach (var a in (string[])["netns", "exec", Namespace, "dotnet", Lab.Sam3r, .. args])
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    /// <summary>Runs <c>sam3r</c> here to the end (killed after <paramref name="timeout"/>).</summary>
    public async Task<ProcessResult> Run(string config, IEnumerable<string> args, TimeSpan timeout)
    {
        using var process = Start(config, args);
        return await Finish(process, timeout);
    }

    public static async Task<ProcessResult> Finish(Process process, TimeSpan timeout)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
            return new ProcessResult(-1, await stdout, $"killed after {timeout.TotalSeconds:0} s\n" + await stderr);
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        foreach (var n in nodes)
        {
            n.Dispose();
        }
    }
}
