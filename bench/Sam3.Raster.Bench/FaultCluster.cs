using System.Diagnostics;
using System.Globalization;
using Sam3.Raster.TestSupport.Lab;

namespace Sam3.Raster.Bench;

/// <summary>
/// The issue-19 cluster on hosts of their own (<see cref="NetworkLab"/>): <c>control</c> (roles
/// control,geo, the SQLite journal), <c>gpu1</c> and <c>gpu2</c> (role gpu), each a supervised
/// <c>sam3r node</c> (restarted 1 s after a non-zero exit) with every node in <c>--seeds</c> and
/// nothing but defaults: an empty settings file, default batch and in-flight window. Jobs are
/// submitted with <c>submit --wait</c> on the control host. Node logs stay in
/// <see cref="Folder"/> after the cluster is gone.
/// </summary>
internal sealed class FaultCluster : IDisposable
{
    public const int Port = 4053;
    private readonly string scene;
    private readonly string model;
    private int jobs;

    public FaultCluster(string folder, string scene, string model, Action<NetworkLab, LabHost, LabHost, LabHost>? wire = null)
    {
        this.scene = scene;
        this.model = model;
        Folder = folder;
        Directory.CreateDirectory(folder);
        Config = Path.Combine(folder, "sam3r.conf");
        File.WriteAllText(Config, "# defaults only\n");
        Lab = new NetworkLab(CliBinary.Path);
        try
        {
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
            throw;
        }
    }

    public string Folder { get; }

    public string Config { get; }

    public NetworkLab Lab { get; }

    public LabNode Control { get; }

    public LabNode Gpu1 { get; }

    public LabNode Gpu2 { get; }

    /// <summary>Tile result files written so far, by every job of this cluster (the geo node writes one per tile that is not empty).</summary>
    public int TileFiles => Directory.Exists(Work) ? Directory.EnumerateFiles(Work, "*.s3rt", SearchOption.AllDirectories).Count() : 0;

    private string Work => Path.Combine(Folder, "work");

    /// <summary>Whether <c>sam3r status</c> on the control host listed <paramref name="count"/> nodes up within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForNodesUp(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var status = await Control.Host.Run(Config, ["status", "--seeds", $"control:{Port}"], TimeSpan.FromSeconds(30));
            if (status.StdOut.Split('\n').Count(l => l.TrimEnd().EndsWith(" up", StringComparison.Ordinal)) >= count)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    /// <summary>Starts <c>submit --wait</c> of the scene (red + blue) to a GeoJSON file of its own.</summary>
    public (Process Submit, string Output) Submit()
    {
        string output = Path.Combine(Folder, "out", $"job-{++jobs}.geojson");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var submit = Control.Host.Start(Config, ["submit", "--seeds", $"control:{Port}", "--input", scene, "--prompt", "red", "--prompt", "blue", "--out", output, "--wait"]);
        return (submit, output);
    }

    public void Dispose() => Lab.Dispose();

    private LabNode Start(LabHost host, string roles) =>
        host.StartNode(
            Config,
            ["--roles", roles, "--host", "0.0.0.0", "--public-host", host.Name, "--port", Port.ToString(CultureInfo.InvariantCulture),
                "--seeds", $"control:{Port},gpu1:{Port},gpu2:{Port}", "--work", Work, "--state", Path.Combine(Folder, "state.db"), "--model", model],
            Path.Combine(Folder, $"{host.Name}.log"));
}
