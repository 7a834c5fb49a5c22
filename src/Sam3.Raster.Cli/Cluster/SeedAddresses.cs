using System.Globalization;
using Sam3.Raster.Actors.Cluster;

namespace Sam3.Raster.Cli.Cluster;

/// <summary>HOST:PORT arguments as Akka addresses of the sam3r actor system.</summary>
internal static class SeedAddresses
{
    /// <summary>The seeds' actor-system addresses: <c>akka.ssl.tcp://</c> where the cluster's remoting uses TLS.</summary>
    public static IReadOnlyList<string> Parse(IReadOnlyList<string> seeds, bool tls = false) =>
        [.. Endpoints(seeds).Select(e => $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{ClusterConstants.ActorSystemName}@{e.Host}:{e.Port}")];

    public static IReadOnlyList<(string Host, int Port)> Endpoints(IReadOnlyList<string> seeds) =>
        [.. seeds.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(ToEndpoint)];

    private static (string Host, int Port) ToEndpoint(string seed)
    {
        int colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--seeds takes HOST:PORT (e.g. 127.0.0.1:4053), got '{seed}'");
        }

        return (seed[..colon], port);
    }
}
