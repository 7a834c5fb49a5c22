using System.Diagnostics;
using System.Text.Json;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary><c>sam3r node --log-format json</c>: the node's log lines (Akka's included) reach the console as JSON objects.</summary>
public sealed class NodeLogFormatTests
{
    [Fact]
    public async Task A_node_started_with_json_logs_writes_akkas_lines_as_json_objects()
    {
        using var temp = new TempDirectory("sam3r-nodelog");
        File.WriteAllText(temp.File("sam3r.conf"), "akka.loglevel = INFO\n");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["SAM3R_CONFIG"] = temp.File("sam3r.conf");
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), "node", "--roles", "control,geo", "--port", TestPorts.Free().ToString(), "--work", temp.File("work"), "--log-format", "json" })
        {
            info.ArgumentList.Add(a);
        }

        using var node = Process.Start(info)!;
        try
        {
            JsonElement? akkaLine = null;
            var clock = Stopwatch.StartNew();
            while (akkaLine is null && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                var line = await node.StandardError.ReadLineAsync(TestContext.Current.CancellationToken);
                if (line is null)
                {
                    break;
                }

                if (line.StartsWith('{'))
                {
                    var json = JsonDocument.Parse(line).RootElement.Clone();
                    if (json.GetProperty("Category").GetString()!.StartsWith("Akka", StringComparison.Ordinal))
                    {
                        akkaLine = json;
                    }
                }
            }

            Assert.True(akkaLine.HasValue, "no JSON log line from Akka within 60 s");
            Assert.Equal("Information", akkaLine.Value.GetProperty("LogLevel").GetString());
            Assert.False(string.IsNullOrEmpty(akkaLine.Value.GetProperty("Message").GetString()));
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }
}
