using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sam3.Raster.TestSupport;

/// <summary>
/// Remoting TLS as docs/CLUSTER.md tells a user to turn it on: the commented TLS block of the shipped
/// config/sam3r.conf, and a self-signed PKCS#12 certificate to put in it.
/// </summary>
public static class TlsTestSettings
{
    /// <summary>Writes a self-signed certificate with its private key (valid from yesterday to tomorrow) as PKCS#12.</summary>
    public static void WriteSelfSignedPfx(string path, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=sam3r-node", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }

    /// <summary>The commented TLS block of config/sam3r.conf, with its comment marks removed (HOCON text).</summary>
    public static string DocumentedSection()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "config", "sam3r.conf"));
        int start = Array.FindIndex(lines, l => l.StartsWith("# akka.remote.dot-netty.tcp {", StringComparison.Ordinal));
        if (start < 0)
        {
            throw new InvalidOperationException("config/sam3r.conf has no commented TLS section");
        }

        int end = Array.FindIndex(lines, start, l => l == "# }");
        return string.Join('\n', lines[start..(end + 1)].Select(l => l.Length > 1 ? l[2..] : string.Empty));
    }
}
