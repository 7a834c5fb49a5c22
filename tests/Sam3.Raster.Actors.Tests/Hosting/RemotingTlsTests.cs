using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Hosting;

/// <summary>
/// TLS for remoting as documented in config/sam3r.conf and docs/CLUSTER.md: the settings file's
/// <c>akka.remote.dot-netty.tcp.enable-ssl</c> with a PKCS#12 certificate file is enough for two
/// nodes to form a cluster over TLS (addresses become <c>akka.ssl.tcp://</c>).
/// </summary>
public sealed class RemotingTlsTests
{
    [Fact]
    public async Task Two_nodes_with_the_documented_tls_settings_form_a_cluster_over_tls()
    {
        using var temp = new TempDirectory("sam3r-tls");
        var pfx = temp.File("node.pfx");
        const string password = "test-only";
        TlsTestSettings.WriteSelfSignedPfx(pfx, password);

        // The TLS section of config/sam3r.conf, uncommented, with this test's certificate
        // (suppress-validation: it is self-signed).
        var tls = ConfigurationFactory.ParseString(
            $"""
            akka.remote.dot-netty.tcp.ssl.certificate.path = "{pfx}"
            akka.remote.dot-netty.tcp.ssl.certificate.password = "{password}"
            akka.remote.dot-netty.tcp.ssl.suppress-validation = true
            """).WithFallback(ConfigurationFactory.ParseString(TlsTestSettings.DocumentedSection()));
        Assert.True(tls.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.True(tls.GetBoolean("akka.remote.dot-netty.tcp.ssl.require-mutual-authentication"));

        using var a = await Start(Sam3NodeOptions.Embedded(temp.File("a.db")) with { Hocon = tls });
        var addressA = Akka.Cluster.Cluster.Get(a.Services.GetRequiredService<ActorSystem>()).SelfAddress;
        Assert.Equal("akka.ssl.tcp", addressA.Protocol);

        using var b = await Start(Sam3NodeOptions.Embedded(temp.File("b.db")) with { Hocon = tls, SeedNodes = [addressA.ToString()] });
        var clusterA = Akka.Cluster.Cluster.Get(a.Services.GetRequiredService<ActorSystem>());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (clusterA.State.Members.Count(m => m.Status == MemberStatus.Up) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second node never joined over TLS");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.All(clusterA.State.Members, m => Assert.Equal("akka.ssl.tcp", m.Address.Protocol));
        await b.StopAsync(TestContext.Current.CancellationToken);
        await a.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<IHost> Start(Sam3NodeOptions options)
    {
        var host = new HostBuilder().ConfigureServices(services => services.AddSam3Node(options)).Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }
}
