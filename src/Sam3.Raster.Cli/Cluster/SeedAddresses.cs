using System.Globalization;
using Sam3.Raster.Actors.Cluster;

namespace Sam3.Raster.Cli.Cluster;

/// <summary>HOST:PORT arguments as Akka addresses of the sam3r actor system.</summary>
internal static class SeedAddresses
{
    public static IReadOnlyList<string> Parse(IReadOnlyList<string> seeds) =>
        [.. seeds.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(ToAddress)];

    private static string ToAddress(string seed)
    {
        int colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--seeds takes HOST:PORT (e.g. 127.0.0.1:4053), got '{seed}'");
        }

        return $"akka.tcp://{ClusterConstants.ActorSystemName}@{seed[..colon]}:{port}";
    }
}
