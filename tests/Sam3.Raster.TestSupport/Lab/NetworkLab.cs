using System.Globalization;

namespace Sam3.Raster.TestSupport.Lab;

/// <summary>
/// Hosts of their own on this machine: one network namespace per host, joined to a bridge in the
/// root namespace by a veth pair, in a private /24 of 10.253.0.0/16 chosen per run. Each host
/// resolves the others by name through its own hosts file (<c>/etc/netns/NS/hosts</c>, which
/// <c>ip netns exec</c> mounts over <c>/etc/hosts</c>), so a name can point at a forwarding proxy
/// (<see cref="SlowLink"/>) instead of the host itself. Cutting a host off sets its bridge-side
/// link down; healing sets it up. Everything is named after the run (<c>s3f</c> + 4 hex digits)
/// and owned by this process: <see cref="Dispose"/> removes it, and a new lab first removes what
/// labs of dead processes left (their owner file names the pid). Needs root and iproute2; if a
/// namespace cannot be made, the constructor throws with the reason (the tests fail, never skip).
/// </summary>
public sealed class NetworkLab : IDisposable
{
    private const string Prefix = "s3f";
    private const string Owners = "/run/sam3r-fault-labs";
    private readonly List<LabHost> hosts = [];
    private readonly Dictionary<string, string> aliases = [];
    private bool disposed;

    /// <param name="sam3r">The <c>sam3r.dll</c> every host runs (<c>dotnet</c> starts it in the host's namespace).</param>
    public NetworkLab(string sam3r)
    {
        Sam3r = sam3r;
        RemoveLeftovers();
        Id = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next())).ToLowerInvariant()[..4];
        Subnet = 1 + Random.Shared.Next(250);
        Directory.CreateDirectory(Owners);
        File.WriteAllText(Path.Combine(Owners, Id), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Ip("link", "add", Bridge, "type", "bridge");
        Ip("link", "set", Bridge, "up");
        Ip("addr", "add", $"{GatewayAddress}/24", "dev", Bridge);
    }

    public string Id { get; }

    /// <summary>The <c>sam3r.dll</c> the hosts run.</summary>
    public string Sam3r { get; }

    public int Subnet { get; }

    /// <summary>The bridge's address: the root namespace (the test process, its proxies) on the lab network.</summary>
    public string GatewayAddress => Address(1);

    private string Bridge => $"{Prefix}{Id}br";

    public string Address(int host) => $"10.253.{Subnet}.{host}";

    /// <summary>A new host named <paramref name="name"/> (also its name in every host's hosts file).</summary>
    public LabHost AddHost(string name)
    {
        int index = hosts.Count;
        string ns = $"{Prefix}{Id}-{name}";
        string outside = $"{Prefix}{Id}h{index}", inside = $"{Prefix}{Id}n{index}";
        var host = new LabHost(this, name, ns, outside, Address(10 + index));
        hosts.Add(host);
        Ip("netns", "add", ns);
        Ip("link", "add", outside, "type", "veth", "peer", "name", inside);
        Ip("link", "set", outside, "master", Bridge, "up");
        Ip("link", "set", inside, "netns", ns);
        Ip("-n", ns, "link", "set", "lo", "up");
        Ip("-n", ns, "addr", "add", $"{host.Address}/24", "dev", inside);
        Ip("-n", ns, "link", "set", inside, "up");
        WriteHostsFiles();
        return host;
    }

    /// <summary>An extra address of the root namespace on the lab network (a proxy listens there).</summary>
    public string AddGatewayAddress(int host)
    {
        string address = Address(host);
        Ip("addr", "add", $"{address}/24", "dev", Bridge);
        return address;
    }

    /// <summary>From now on <paramref name="viewer"/> (or every host but <paramref name="target"/>, when null) reaches <paramref name="target"/>'s name at <paramref name="address"/>.</summary>
    public void Resolve(LabHost? viewer, LabHost target, string address)
    {
        foreach (var h in hosts.Where(h => viewer is null ? h != target : h == viewer))
        {
            aliases[$"{h.Name}>{target.Name}"] = address;
        }

        WriteHostsFiles();
    }

    public void Cut(LabHost host) => Ip("link", "set", host.Outside, "down");

    public void Heal(LabHost host) => Ip("link", "set", host.Outside, "up");

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (var h in hosts)
        {
            h.Dispose();
        }

        RemoveLab(Id);
    }

    internal static void Ip(params string[] args)
    {
        var result = ProcessRunner.Run("ip", args, TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({result.ExitCode}): {result.StdErr.Trim()} — the fault tests need root and iproute2 (scripts/install-deps.sh --tests)");
        }
    }

    private void WriteHostsFiles()
    {
        foreach (var viewer in hosts)
        {
            var lines = new List<string> { "127.0.0.1 localhost" };
            lines.AddRange(hosts.Select(h => $"{aliases.GetValueOrDefault($"{viewer.Name}>{h.Name}", h.Address)} {h.Name}"));
            string dir = $"/etc/netns/{viewer.Namespace}";
            Directory.CreateDirectory(dir);
            File.WriteAllLines(Path.Combine(dir, "hosts"), lines);
        }
    }

    /// <summary>Removes what labs of processes no longer running left behind.</summary>
    private static void RemoveLeftovers()
    {
        if (!Directory.Exists(Owners))
        {
            return;
        }

        foreach (var owner in Directory.GetFiles(Owners))
        {
            bool alive = int.TryParse(File.ReadAllText(owner).Trim(), out int pid) && Directory.Exists($"/proc/{pid}");
            if (!alive)
            {
                RemoveLab(Path.GetFileName(owner));
            }
        }
    }

    private static void RemoveLab(string id)
    {
        string lab = Prefix + id;
        var namespaces = ProcessRunner.Run("ip", ["netns", "list"], TimeSpan.FromSeconds(30)).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0])
            .Where(n => n.StartsWith(lab + "-", StringComparison.Ordinal));
        foreach (var ns in namespaces)
        {
            // Processes still in the namespace (a crashed run's nodes) go with it.
            foreach (string pid in ProcessRunner.Run("ip", ["netns", "pids", ns], TimeSpan.FromSeconds(30)).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                ProcessRunner.Run("kill", ["-KILL", pid.Trim()], TimeSpan.FromSeconds(10));
            }

            ProcessRunner.Run("ip", ["netns", "del", ns], TimeSpan.FromSeconds(30));
            if (Directory.Exists($"/etc/netns/{ns}"))
            {
                Directory.Delete($"/etc/netns/{ns}", recursive: true);
            }
        }

        var links = ProcessRunner.Run("ip", ["-o", "link", "show"], TimeSpan.FromSeconds(30)).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':')[1].Trim().Split('@')[0])
            .Where(n => n.StartsWith(lab, StringComparison.Ordinal));
        foreach (var link in links)
        {
            ProcessRunner.Run("ip", ["link", "del", link], TimeSpan.FromSeconds(30));
        }

        File.Delete(Path.Combine(Owners, id));
    }
}
