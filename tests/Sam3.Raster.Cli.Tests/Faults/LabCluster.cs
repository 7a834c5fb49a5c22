using System.Diagnostics;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.TestSupport;
using Sam3.Raster.TestSupport.Lab;

namespace Sam3.Raster.Cli.Tests.Faults;

/// <summary>
/// Three hosts of a <see cref="NetworkLab"/> as a user would run them: <c>control</c> (roles
/// control,geo, the SQLite journal), <c>gpu1</c> and <c>gpu2</c> (role gpu), each one supervised
/// <c>sam3r node</c> with every node in <c>--seeds</c> and the cluster defaults (the settings file
/// sets only the CPU-side priority). Jobs are submitted with <c>submit --wait</c> on the control
/// host. Batches of one tile keep a job long enough that a fault at its first tile finds tiles in
/// flight on every gpu node.
/// </summary>
public sealed class LabCluster : IDisposable
{
    public const int Port = 4053;
    private readonly TempDirectory temp = new("sam3r-faults");
    private readonly HeavySceneFixture heavy;
    private int jobs;

    public LabCluster(HeavySceneFixture heavy, Action<NetworkLab, LabHost, LabHost, LabHost>? wire = null)
    {
        this.heavy = heavy;
        Lab = new NetworkLab(Path.Combine(AppContext.BaseDirectory, "sam3r.dll"));
        try
        {
            Config = temp.File("sam3r.conf");
            File.WriteAllText(Config, "sam3r.pipeline.cpu-side-priority = normal\n");
            Work = temp.File("work");
            State = temp.File("state.db");
            var control = Lab.AddHost("control");
            var gpu1 = Lab.AddHost("gpu1");
            var gpu2 = Lab.AddHost("gpu2");
            wire?.Invoke(Lab, control, gpu1, gpu2);
            Control = Start(control, "control,geo");
            Gpu1 = Start(gpu1, "gpu");
            Gpu2 = Start(gpu2, "gpu");
        }
        catch
        {
            Lab.Dispose();
            temp.Dispose();
            throw;
        }
    }

    public NetworkLab Lab { get; }

    public string Config { get; }

    public string Work { get; }

    public string State { get; }

    public LabNode Control { get; }

    public LabNode Gpu1 { get; }

    public LabNode Gpu2 { get; }

    public IEnumerable<LabNode> Nodes => [Control, Gpu1, Gpu2];

    public int TileFiles => Directory.Exists(Work) ? Directory.GetFiles(Work, "*.s3rt", SearchOption.AllDirectories).Length : 0;

    /// <summary>Waits until <c>sam3r status</c> on the control host lists <paramref name="count"/> nodes up.</summary>
    public async Task WaitForNodesUp(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string last = string.Empty;
        while (clock.Elapsed < timeout)
        {
            var status = await Control.Host.Run(Config, ["status", "--seeds", $"control:{Port}"], TimeSpan.FromSeconds(30));
            last = status.StdOut + status.StdErr;
            if (status.StdOut.Split('\n').Count(l => l.EndsWith(" up", StringComparison.Ordinal)) >= count)
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"not {count} nodes up within {timeout.TotalSeconds:0} s; last status: {last}");
    }

    /// <summary>Starts a job of the heavy scene with its own output file; the process is <c>submit --wait</c>.</summary>
    public (Process Submit, string Output) Submit()
    {
        string output = temp.File($"out/job-{++jobs}.geojson");
        var submit = Control.Host.Start(Config, ["submit", "--seeds", $"control:{Port}", "--input", heavy.ScenePath, "--prompt", "red", "--prompt", "blue", "--out", output, "--wait"]);
        return (submit, output);
    }

    /// <summary>Waits until <paramref name="more"/> tile files were written since <paramref name="before"/>: the job is under way.</summary>
    public async Task WaitForTiles(int before, int more, Process submit)
    {
        var clock = Stopwatch.StartNew();
        while (TileFiles < before + more)
        {
            if (submit.HasExited)
            {
                Assert.Fail("the job ended before the fault: " + await submit.StandardError.ReadToEndAsync());
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no tiles written in time");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Waits until <paramref name="node"/>'s log contains <paramref name="part"/> and returns the tile
    /// files written by then, or null when the job ended first.
    /// </summary>
    public async Task<int?> TilesWhenLogged(LabNode node, string part, Process submit, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!node.Log.Contains(part, StringComparison.Ordinal))
        {
            if (submit.HasExited)
            {
                return null;
            }

            Assert.True(clock.Elapsed < timeout, $"'{part}' not logged within {timeout.TotalSeconds:0} s:\n{Logs()}");
            await Task.Delay(50);
        }

        return TileFiles;
    }

    /// <summary>
    /// The job's end: completed, stdout only the job id, the one-node output, and every tile that is
    /// not empty recorded exactly once in the journal.
    /// </summary>
    public async Task<ProcessResult> ExpectSameOutput(Process submit, string output, TimeSpan timeout)
    {
        var result = await LabHost.Finish(submit, timeout);
        Assert.True(result.ExitCode == 0, $"submit --wait exited {result.ExitCode}: {result.StdErr}\n{Logs()}");
        Assert.Matches("^job-[0-9a-f]{16}\n$", result.StdOut);
        Assert.Equal(heavy.ReferenceGeoJson, await File.ReadAllTextAsync(output));
        var recorded = JobJournal.RecordedCompletions(State, new JobId(result.StdOut.Trim()));
        Assert.Equal(heavy.Tiles - heavy.EmptyTiles, recorded.Count);
        Assert.All(recorded.Values, n => Assert.Equal(1, n));
        return result;
    }

    public string Logs() => string.Join("\n", Nodes.Select(n => $"===== {n.Host.Name}\n{n.Log}"));

    public void Dispose()
    {
        Lab.Dispose();
        temp.Dispose();
    }

    private LabNode Start(LabHost host, string roles) =>
        host.StartNode(
            Config,
            ["--roles", roles, "--host", "0.0.0.0", "--public-host", host.Name, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--seeds", $"control:{Port},gpu1:{Port},gpu2:{Port}", "--work", Work, "--state", State, "--model", heavy.ModelPath, "--batch", "1", "--max-in-flight", "4"],
            temp.File($"{host.Name}.log"));
}
