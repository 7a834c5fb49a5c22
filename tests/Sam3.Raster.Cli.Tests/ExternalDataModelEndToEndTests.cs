using System.Diagnostics;
using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Gateway;
using Sam3.Raster.Cli.Cluster;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// A model whose weights sit beside the graph (<c>make-test --external-data</c>, as the SAM3
/// export writes them) through <c>sam3r run</c> and through a <c>sam3r node</c> with
/// <c>submit --wait</c>: the same features as the model with its weights inline.
/// </summary>
public sealed class ExternalDataModelEndToEndTests(ColorSceneFixture scene) : IClassFixture<ColorSceneFixture>
{
    [Fact]
    public async Task Run_and_node_with_weights_beside_the_graph_write_what_the_inline_model_writes()
    {
        using var temp = new TempDirectory("sam3r-external-e2e");
        var model = temp.File("models/color.onnx");
        Directory.CreateDirectory(temp.File("models"));
        var make = Sam3r(["model", "make-test", "--kind", "color", "--out", model, "--external-data"]);
        Assert.True(make.ExitCode == 0, make.StdErr);
        Assert.True(File.Exists(model + ".data"));

        var inline = Sam3r(["run", "--input", scene.ScenePath, "--prompt", "red", "--prompt", "blue", "--model", scene.ModelPath, "--out", temp.File("inline.geojson")]);
        var external = Sam3r(["run", "--input", scene.ScenePath, "--prompt", "red", "--prompt", "blue", "--model", model, "--out", temp.File("external.geojson")]);

        Assert.True(inline.ExitCode == 0, inline.StdErr);
        Assert.True(external.ExitCode == 0, external.StdErr);
        var reference = await File.ReadAllTextAsync(temp.File("inline.geojson"), TestContext.Current.CancellationToken);
        Assert.Equal(reference, await File.ReadAllTextAsync(temp.File("external.geojson"), TestContext.Current.CancellationToken));
        var expectedFeatures = scene.Scene.ObjectsOf("red").Count() + scene.Scene.ObjectsOf("blue").Count();
        Assert.Equal(expectedFeatures, reference.Split("\"Feature\"").Length - 1);

        int port = TestPorts.Free();
        string seeds = $"127.0.0.1:{port}";
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var node = Start(log, ["node", "--roles", "control,geo,gpu", "--port", port.ToString(), "--seeds", seeds,
            "--work", temp.File("work"), "--state", temp.File("state.db"), "--model", model]);
        try
        {
            await WaitForNode(seeds, node, log);
            var submit = Sam3r(["submit", "--seeds", seeds, "--input", scene.ScenePath, "--prompt", "red", "--prompt", "blue", "--out", temp.File("node.geojson"), "--wait"]);

            Assert.True(submit.ExitCode == 0, submit.StdErr);
            Assert.Equal(reference, await File.ReadAllTextAsync(temp.File("node.geojson"), TestContext.Current.CancellationToken));
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }
        }
    }

    private static async Task WaitForNode(string seeds, Process node, IEnumerable<string> log)
    {
        await using var client = new GatewayClient([seeds]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            Assert.False(node.HasExited, "the node exited: " + string.Join('\n', log));
            try
            {
                var list = await client.Ask<GatewayProtocol.JobList>(new GatewayProtocol.ListJobs(null), TimeSpan.FromSeconds(3));
                if (list.Nodes.Any(n => n.EndsWith(" up", StringComparison.Ordinal)))
                {
                    return;
                }
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                // not up yet
            }

            Assert.True(DateTime.UtcNow < deadline, "the node did not come up");
            await Task.Delay(200);
        }
    }

    private static ProcessResult Sam3r(string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "sam3r.dll"), .. args], TimeSpan.FromMinutes(2));

    /// <summary>Starts a process whose stderr lines are drained into <paramref name="log"/> (an unread pipe would stall a chatty node).</summary>
    private static Process Start(System.Collections.Concurrent.ConcurrentQueue<string> log, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = false, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sam3r.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Enqueue(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }
}
