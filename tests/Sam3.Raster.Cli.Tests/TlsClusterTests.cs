using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// Remoting TLS through the commands as docs/CLUSTER.md tells a user to turn it on: the TLS block of
/// config/sam3r.conf uncommented in the settings file, seeds still HOST:PORT. The nodes form an
/// <c>akka.ssl.tcp</c> cluster, and <c>status</c> and <c>submit</c> (clients outside it) reach them
/// over TLS with the same file.
/// </summary>
public sealed class TlsClusterTests(ColorSceneFixture scene)
    : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task Nodes_status_and_submit_work_over_tls_with_the_documented_settings()
    {
        using var temp = new TempDirectory("sam3r-cli-tls");
        string pfx = temp.File("node.pfx");
        const string password = "test-only";
        TlsTestSettings.WriteSelfSignedPfx(pfx, password);
        string config = temp.File("sam3r.conf");
        await File.WriteAllTextAsync(
            config,
            TlsTestSettings.DocumentedSection()
                .Replace("/certs/node.pfx", pfx, StringComparison.Ordinal)
                .Replace("suppress-validation = false", "suppress-validation = true", StringComparison.Ordinal)
            + $"\nakka.remote.dot-netty.tcp.ssl.certificate.password = \"{password}\"\n",
            TestContext.Current.CancellationToken);
        int port = TestPorts.Free();
        string seeds = $"127.0.0.1:{port}";
        string[] common = ["--seeds", seeds, "--work", temp.File("work"), "--state", temp.File("state.db"), "--model", scene.ModelPath];
        var nodes = new List<System.Diagnostics.Process>();
        try
        {
            nodes.Add(CliProcess.Start(config, ["node", "--roles", "control,geo", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. common]));
            nodes.Add(CliProcess.Start(config, ["node", "--roles", "gpu", "--port", TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), .. common]));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            ProcessResult status;
            do
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the two nodes were not up over TLS in time");
                Assert.DoesNotContain(nodes, n => n.HasExited);
                status = await CliProcess.Finish(CliProcess.Start(config, ["status", "--seeds", seeds]), TimeSpan.FromMinutes(1));
            }
            while (status.StdOut.Split('\n').Count(l => l.EndsWith(" up", StringComparison.Ordinal)) < 2);
            Assert.Contains("akka.ssl.tcp://sam3r@127.0.0.1:", status.StdOut, StringComparison.Ordinal);

            string output = temp.File("out/tls.geojson");
            var submit = await CliProcess.Finish(
                CliProcess.Start(config, ["submit", "--seeds", seeds, "--input", scene.ScenePath, "--prompt", "red", "--out", output, "--wait"]),
                TimeSpan.FromMinutes(3));
            Assert.True(submit.ExitCode == 0, submit.StdErr);
            Assert.Matches("^job-[0-9a-f]{16}\n$", submit.StdOut);
            Assert.True(File.Exists(output));
        }
        finally
        {
            CliProcess.KillAll(nodes);
        }
    }
}
