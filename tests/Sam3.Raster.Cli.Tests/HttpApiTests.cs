using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Api;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// The HTTP API of <c>sam3r node --http</c>, on real node processes and a real Kestrel, through
/// HttpClient: jobs submitted, followed, cancelled and resumed; refusals; metrics, OpenAPI, health.
/// </summary>
public sealed class HttpApiTests(HeavySceneFixture heavy, ITestOutputHelper output) : IClassFixture<HeavySceneFixture>
{
    private const string Token = "test-token-7f3a";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_job_posted_without_a_model_runs_with_the_gpu_nodes_model_and_writes_what_run_writes()
    {
        using var temp = new TempDirectory("sam3r-http-api");
        string config = WriteConfig(temp);
        string work = temp.File("work"), state = temp.File("state.db");
        int seed = TestPorts.Free(), gpuPort = TestPorts.Free(), httpPort = TestPorts.Free();
        string seeds = $"127.0.0.1:{seed}";
        string[] common = ["--seeds", seeds, "--work", work, "--state", state, "--batch", "2", "--max-in-flight", "4"];
        var nodes = new List<Process>();
        try
        {
            // The token comes from SAM3R_TOKEN; the control node has no --model, the gpu node has one.
            nodes.Add(CliProcess.Start(config, ["node", "--roles", "control,geo", "--port", seed.ToString(), "--http", $"127.0.0.1:{httpPort}", .. common], new Dictionary<string, string?> { ["SAM3R_TOKEN"] = Token }));
            nodes.Add(CliProcess.Start(config, ["node", "--roles", "gpu", "--port", gpuPort.ToString(), "--model", heavy.ModelPath, .. common]));
            using var http = Client(httpPort, Token);
            await WaitForNodes(http, 2, nodes);

            using (var anonymous = Client(httpPort, token: null))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/jobs", Cancel)).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics", Cancel)).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/jobs/x/tiles", Cancel)).StatusCode);

                // The dashboard's page and script open without the token (a browser cannot send it); they hold no data.
                Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/", Cancel)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/dashboard.js", Cancel)).StatusCode);
            }

            using (var wrong = Client(httpPort, "not-" + Token))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/health/live", Cancel)).StatusCode);
            }

            string outFile = temp.File("out/out.geojson");
            await AssertBadRequest(http, new { inputs = new[] { "scene.tif" }, prompts = new[] { "red" }, outputs = new[] { outFile } }, "--input scene.tif: give the path as the nodes see it, from the root (/…)");
            await AssertBadRequest(http, new { inputs = new[] { heavy.ScenePath }, prompts = new[] { "red" }, outputs = new[] { outFile }, tile = 512 }, "--tile: tile size 512 is not the model's patch size (1008 px)");
            await AssertBadRequest(http, new { inputs = new[] { heavy.ScenePath }, prompts = new[] { "red" }, outputs = new[] { outFile }, treshold = 0.3 }, "treshold");
            await AssertBadRequest(http, new { inputs = new[] { heavy.ScenePath }, prompts = Array.Empty<string>(), outputs = new[] { outFile } }, "a job needs at least one scene, one prompt and one output");

            var job = new { inputs = new[] { heavy.ScenePath }, prompts = new[] { "red", "blue" }, outputs = new[] { outFile } };
            var accepted = await Post(http, "/jobs", job, HttpStatusCode.Accepted);
            output.WriteLine($"accepted: {accepted.Id} {accepted.Status}");
            var done = await WaitForStatus(http, accepted.Id, "completed", nodes);

            Assert.Equal(heavy.ReferenceGeoJson, await File.ReadAllTextAsync(outFile, Cancel));
            Assert.Equal(heavy.ModelPath, done.Model);
            Assert.Equal((heavy.Tiles, heavy.Tiles, heavy.EmptyTiles), (done.Tiles, done.TilesDone, done.TilesEmpty));
            Assert.True(done.Features > 0);
            Assert.Null(done.Error);
            var ran = Assert.Single(done.Nodes);
            Assert.Equal($"akka.tcp://sam3r@127.0.0.1:{gpuPort}", ran.Node);
            Assert.Equal(heavy.Tiles - heavy.EmptyTiles, ran.Tiles);
            Assert.Contains(await http.GetFromJsonAsync<List<JobView>>("/jobs", Cancel) ?? [], j => j.Id == accepted.Id && j.Status == "completed");

            string metrics = await http.GetStringAsync("/metrics", Cancel);
            Assert.Contains("sam3r_tiles_in_flight", metrics, StringComparison.Ordinal);
            Assert.Contains("\nprocess_", metrics, StringComparison.Ordinal);
            Assert.Contains("\ndotnet_gc_", metrics, StringComparison.Ordinal);
            using (var openApi = JsonDocument.Parse(await http.GetStringAsync("/openapi.json", Cancel)))
            {
                var paths = openApi.RootElement.GetProperty("paths");
                Assert.All(new[] { "/jobs", "/jobs/{id}", "/jobs/{id}/cancel", "/nodes" }, p => Assert.True(paths.TryGetProperty(p, out _), p));
            }

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready", Cancel)).StatusCode);

            // A second gpu node with another model file: status names both, and a job without a model is refused.
            string otherModel = temp.File("models/other.onnx");
            Directory.CreateDirectory(Path.GetDirectoryName(otherModel)!);
            File.Copy(heavy.ModelPath, otherModel);
            nodes.Add(CliProcess.Start(config, ["node", "--roles", "gpu", "--port", TestPorts.Free().ToString(), "--model", otherModel, .. common]));
            await WaitForNodes(http, 3, nodes);
            var nodeList = await http.GetFromJsonAsync<NodesView>("/nodes", Cancel);
            Assert.NotNull(nodeList?.ModelMismatch);
            Assert.Contains(heavy.ModelPath, nodeList.ModelMismatch, StringComparison.Ordinal);
            Assert.Contains(otherModel, nodeList.ModelMismatch, StringComparison.Ordinal);
            await AssertBadRequest(http, job with { outputs = new[] { temp.File("out/again.geojson") } }, "different models");

            var status = await CliProcess.Finish(CliProcess.Start(config, ["status", accepted.Id, "--seeds", seeds]), TimeSpan.FromMinutes(1));
            output.WriteLine(status.StdOut);
            Assert.True(status.ExitCode == 0, status.StdErr);
            Assert.Contains("warning: gpu nodes have different models", status.StdOut, StringComparison.Ordinal);
            Assert.Contains($"node akka.tcp://sam3r@127.0.0.1:{gpuPort}: {heavy.Tiles - heavy.EmptyTiles} tiles, ", status.StdOut, StringComparison.Ordinal);
            Assert.Contains($"model {otherModel}", status.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            CliProcess.KillAll(nodes);
        }
    }

    [Fact]
    public async Task A_cancelled_job_stops_at_once_writes_nothing_and_a_resubmit_resumes_from_the_tiles_done()
    {
        using var temp = new TempDirectory("sam3r-http-cancel");
        string config = WriteConfig(temp);
        string work = temp.File("work"), state = temp.File("state.db");
        int port = TestPorts.Free(), httpPort = TestPorts.Free();
        string seeds = $"127.0.0.1:{port}";
        var nodes = new List<Process>();
        try
        {
            nodes.Add(CliProcess.Start(config, ["node", "--port", port.ToString(), "--seeds", seeds, "--work", work, "--state", state, "--model", heavy.ModelPath, "--batch", "1", "--max-in-flight", "2", "--http", $"127.0.0.1:{httpPort}"]));
            using var http = Client(httpPort, token: null);
            await WaitForNodes(http, 1, nodes);

            string outFile = temp.File("out/out.geojson");
            var job = new { inputs = new[] { heavy.ScenePath }, prompts = new[] { "red", "blue" }, outputs = new[] { outFile } };
            var accepted = await Post(http, "/jobs", job, HttpStatusCode.Accepted);
            await WaitFor(async () => (await Job(http, accepted.Id)).TilesDone - heavy.EmptyTiles >= 3, "3 tiles done", nodes);

            var cancel = await Post(http, $"/jobs/{accepted.Id}/cancel", new { }, HttpStatusCode.Accepted);
            Assert.Equal((accepted.Id, "cancelled"), (cancel.Id, cancel.Status));
            var cancelled = await Job(http, accepted.Id);
            Assert.Equal("cancelled", cancelled.Status);
            Assert.True(cancelled.TilesDone < cancelled.Tiles, "the job ended before it was cancelled");

            // Nothing is processed after the cancel: the node's stored tiles and tile files stand still.
            await Task.Delay(500, Cancel);
            (double stored, int files) = (await TilesStored(http), TileFiles(work));
            output.WriteLine($"after the cancel: {cancelled.TilesDone}/{cancelled.Tiles} recorded, {stored} stored, {files} tile files");
            await Task.Delay(3000, Cancel);
            Assert.Equal((stored, files), (await TilesStored(http), TileFiles(work)));
            Assert.Equal(cancelled.TilesDone, (await Job(http, accepted.Id)).TilesDone);
            Assert.False(File.Exists(outFile));
            Assert.Equal(1, RecordedEvents(state, accepted.Id, "job.cancelled"));

            // The same job again resumes it; `sam3r cancel` stops it again, mid-run.
            var resumed = await Post(http, "/jobs", job, HttpStatusCode.Accepted);
            Assert.Equal(accepted.Id, resumed.Id);
            var cli = await CliProcess.Finish(CliProcess.Start(config, ["cancel", accepted.Id, "--seeds", seeds]), TimeSpan.FromMinutes(1));
            Assert.True(cli.ExitCode == 0, cli.StdErr);
            Assert.Equal($"cancelled {accepted.Id}", cli.StdOut.Trim());
            var again = await Job(http, accepted.Id);
            output.WriteLine($"cancelled again at {again.TilesDone}/{again.Tiles}");
            Assert.Equal("cancelled", again.Status);
            Assert.True(again.TilesDone < again.Tiles, "the resumed job ended before sam3r cancel reached it");
            Assert.False(File.Exists(outFile));

            // And once more: it completes, and no tile done before was run again.
            Assert.Equal(accepted.Id, (await Post(http, "/jobs", job, HttpStatusCode.Accepted)).Id);
            await WaitForStatus(http, accepted.Id, "completed", nodes);
            Assert.Equal(heavy.ReferenceGeoJson, await File.ReadAllTextAsync(outFile, Cancel));
            Assert.Equal(heavy.Tiles - heavy.EmptyTiles, await TilesStored(http));
            Assert.Equal((2, 2), (RecordedEvents(state, accepted.Id, "job.cancelled"), RecordedEvents(state, accepted.Id, "job.resumed")));
            Assert.All(JobJournal.RecordedCompletions(state, new Actors.Jobs.JobId(accepted.Id)).Values, n => Assert.Equal(1, n));

            var late = await http.PostAsync($"/jobs/{accepted.Id}/cancel", null, Cancel);
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("already complete", (await late.Content.ReadFromJsonAsync<ApiError>(Cancel))!.Error, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/jobs/job-0000000000000000/cancel", null, Cancel)).StatusCode);
            var unknown = await CliProcess.Finish(CliProcess.Start(config, ["cancel", "job-0000000000000000", "--seeds", seeds]), TimeSpan.FromMinutes(1));
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("cannot cancel: no job job-0000000000000000", unknown.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            CliProcess.KillAll(nodes);
        }
    }

    [Fact]
    public async Task A_node_refuses_http_on_an_address_other_machines_reach_without_a_token()
    {
        using var temp = new TempDirectory("sam3r-http-refuse");
        var refused = await CliProcess.Finish(
            CliProcess.Start(WriteConfig(temp), ["node", "--port", TestPorts.Free().ToString(), "--work", temp.File("work"), "--http", $"0.0.0.0:{TestPorts.Free()}"]),
            TimeSpan.FromMinutes(1));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is reachable from other machines: pass --token or set SAM3R_TOKEN", refused.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.StdErr, StringComparison.Ordinal);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string WriteConfig(TempDirectory temp)
    {
        string config = temp.File("sam3r.conf");
        File.WriteAllText(config, ClusterTestConfig.FastFailover);
        return config;
    }

    private static HttpClient Client(int port, string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static async Task<JobAccepted> Post(HttpClient http, string path, object body, HttpStatusCode expected)
    {
        var response = await http.PostAsJsonAsync(path, body, Cancel);
        string text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JobAccepted>(text, JsonSerializerOptions.Web)!;
    }

    private static async Task AssertBadRequest(HttpClient http, object body, string error)
    {
        var response = await http.PostAsJsonAsync("/jobs", body, Cancel);
        string text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        Assert.Contains(error, JsonSerializer.Deserialize<ApiError>(text, JsonSerializerOptions.Web)!.Error, StringComparison.Ordinal);
    }

    private static async Task<JobView> Job(HttpClient http, string id) => (await http.GetFromJsonAsync<JobView>($"/jobs/{id}", Cancel))!;

    private async Task<JobView> WaitForStatus(HttpClient http, string id, string status, IReadOnlyList<Process> nodes)
    {
        JobView? last = null;
        await WaitFor(async () => (last = await Job(http, id)).Status is var s && (s == status || s is "failed" or "cancelled"), $"job {status}", nodes);
        output.WriteLine($"{last!.Id} {last.Status}: {last.TilesDone}/{last.Tiles} tiles, {last.Features} features, {last.Error}");
        Assert.Equal(status, last.Status);
        return last;
    }

    private static async Task WaitForNodes(HttpClient http, int count, IReadOnlyList<Process> nodes) =>
        await WaitFor(
            async () =>
            {
                var ready = await http.GetAsync("/health/ready", Cancel);
                return ready.IsSuccessStatusCode && (await http.GetFromJsonAsync<NodesView>("/nodes", Cancel))!.Nodes.Count(n => n.Status == "up" && n.TilesProcessed is not null) >= count;
            },
            $"{count} nodes up",
            nodes);

    /// <summary>Waits for a condition of the nodes' processes, failing at once when one of them exits.</summary>
    private static async Task WaitFor(Func<Task<bool>> condition, string what, IReadOnlyList<Process> nodes)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var n in nodes.Where(n => n.HasExited))
            {
                Assert.Fail($"a node exited while waiting for {what}: " + await n.StandardError.ReadToEndAsync(Cancel));
            }

            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Kestrel not listening yet
            }

            Assert.True(clock.Elapsed < JobTimeout, $"no {what} within {JobTimeout}");
            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>Tiles the node's geometry actors stored (<c>sam3r.tiles.completed</c> on /metrics; 0 before the first).</summary>
    private static async Task<double> TilesStored(HttpClient http)
    {
        string metrics = await http.GetStringAsync("/metrics", Cancel);
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("sam3r_tiles_completed_total", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private static int TileFiles(string work) =>
        Directory.Exists(work) ? Directory.GetFiles(work, "*.s3rt", SearchOption.AllDirectories).Length : 0;

    private static int RecordedEvents(string statePath, string id, string manifest)
    {
        using var connection = new SqliteConnection($"Data Source={statePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = $id AND manifest = $manifest";
        command.Parameters.AddWithValue("$id", JobEntity.PersistenceIdOf(id));
        command.Parameters.AddWithValue("$manifest", manifest);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
