using System.Globalization;
using System.Net;

namespace Sam3.Raster.Api;

/// <summary>
/// Where a node serves HTTP (<c>--http HOST:PORT</c>) and the bearer token every request must carry.
/// A node reachable from other machines without a token would let anyone start and cancel jobs,
/// so a non-loopback address without one is refused.
/// </summary>
public sealed record HttpEndpoint(string Host, int Port, string? Token)
{
    /// <summary>Environment variable read when no <c>--token</c> is given.</summary>
    public const string TokenEnvironmentVariable = "SAM3R_TOKEN";

    public bool IsLoopback => Host is "localhost" || (IPAddress.TryParse(Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The URL clients use (a wildcard bind is reached on loopback).</summary>
    public Uri BaseAddress => new($"http://{(Host is "0.0.0.0" or "*" or "::" or "[::]" ? "127.0.0.1" : Host)}:{Port}/");

    /// <summary>
    /// Parses <c>HOST:PORT</c> (IPv6 in brackets) and the token (<paramref name="token"/>, else
    /// <see cref="TokenEnvironmentVariable"/>); throws <see cref="ArgumentException"/> with one line naming the problem.
    /// </summary>
    public static HttpEndpoint Parse(string value, string? token)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--http takes HOST:PORT (e.g. 127.0.0.1:8080), got '{value}'");
        }

        token = string.IsNullOrWhiteSpace(token) ? Environment.GetEnvironmentVariable(TokenEnvironmentVariable) : token;
        var endpoint = new HttpEndpoint(value[..colon], port, string.IsNullOrWhiteSpace(token) ? null : token.Trim());
        if (endpoint.Token is null && !endpoint.IsLoopback)
        {
            throw new ArgumentException($"--http {value} is reachable from other machines: pass --token or set {TokenEnvironmentVariable} (or bind to 127.0.0.1)");
        }

        return endpoint;
    }

    public override string ToString() => $"{BaseAddress} ({(Token is null ? "no token" : "bearer token")})";
}
