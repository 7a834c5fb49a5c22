using System.Diagnostics;
using Microsoft.Playwright;
using Sam3.Inference.ContractModels;
using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Synthetic;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright (no browser
/// download: <see cref="ChromiumPath"/>). A one-node cluster serves the page; a job of 36 tiles
/// (the synthetic scene at 5000 px, the colour model, one tile in flight at a time, so a fast machine still shows it running) runs while the page
/// watches. The screenshot is kept beside the test binaries (<c>screenshots/dashboard.png</c>).
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(8);

    private readonly TempDirectory temp = new("sam3r-dashboard");
    private readonly List<Process> processes = [];

    [Fact]
    public async Task The_map_shows_tiles_go_from_pending_to_done_while_the_job_runs_and_the_features_at_the_end()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: scripts/install-deps.sh --tests installs Debian's chromium");
        string scene = SyntheticScene.Scaled(5000).Write(temp.File("scene.tif"));
        string model = temp.File("color.onnx");
        ContractModelFactory.WriteColorModel(model);
        int port = TestPorts.Free(), httpPort = TestPorts.Free();
        string seeds = $"127.0.0.1:{port}";
        var node = Start(["node", "--port", port.ToString(), "--seeds", seeds, "--work", temp.File("work"), "--model", model, "--batch", "1", "--max-in-flight", "1", "--http", $"127.0.0.1:{httpPort}"]);
        string url = $"http://127.0.0.1:{httpPort}/";
        await WaitForHttp(url, node);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(temp.File("chromium-profile"), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1400, Height = 820 },
        });
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        page.Console += (_, m) => output.WriteLine($"browser: {m.Text}");
        await page.GotoAsync(url);
        await page.Locator("#connection[data-state=live]").WaitForAsync(new LocatorWaitForOptions { Timeout = 90_000 });
        await page.Locator("#nodes tbody tr").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 90_000 });
        Assert.Contains("control,geo,gpu", await page.Locator("#nodes tbody").InnerTextAsync());

        var submit = ProcessRunner.Run("dotnet", [Sam3r, "submit", "--seeds", seeds, "--input", scene, "--prompt", "red", "--prompt", "blue", "--out", temp.File("out/out.geojson")], TimeSpan.FromMinutes(2));
        Assert.True(submit.ExitCode == 0, submit.StdErr);
        string job = submit.StdOut.Trim();
        var clock = Stopwatch.StartNew();

        // While it runs: every tile on the map, some not done yet, and the node working.
        var tiles = page.Locator("path.tile");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('path.tile[data-status]').length === 36", null, new PageWaitForFunctionOptions { Timeout = 180_000 });
        var waiting = await TileIds(page, "pending");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {waiting.Count} pending, {(await TileIds(page, "done")).Count} done, {(await TileIds(page, "inFlight")).Count} in flight");
        Assert.NotEmpty(waiting);
        Assert.Equal(job, await page.Locator("#selected-job").InnerTextAsync());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('path.tile[data-status=done]').length >= 4", null, new PageWaitForFunctionOptions { Timeout = 240_000 });
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#nodes td.rate')].some(td => parseFloat(td.textContent) > 0)", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        await Screenshot(page, "dashboard-running.png");

        // At the end: every tile done (or empty), the features of the written output on the map.
        await page.WaitForFunctionAsync(
            "() => document.querySelectorAll('path.tile[data-status=done], path.tile[data-status=empty]').length === 36",
            null,
            new PageWaitForFunctionOptions { Timeout = (float)JobTimeout.TotalMilliseconds });
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: every tile done");
        var nowDone = await TileIds(page, "done");
        Assert.All(waiting, t => Assert.Contains(t, nowDone));
        await page.Locator("#jobs tr[data-job] td.status-completed").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('map').dataset.featuresSource === 'output' && +document.getElementById('map').dataset.features > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.Equal(await page.Locator("path.feature").CountAsync(), int.Parse(await page.Locator("#map").GetAttributeAsync("data-features") ?? "-1", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(36, await tiles.CountAsync());
        Assert.Equal(1, await page.Locator("img.quicklook").CountAsync());
        Assert.All(requests, r => Assert.StartsWith(url, r, StringComparison.Ordinal)); // no CDN, no tile server
        await Screenshot(page, "dashboard.png");
    }

    public void Dispose()
    {
        foreach (var p in processes)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            p.Dispose();
        }

        temp.Dispose();
    }

    private static string Sam3r => Path.Combine(AppContext.BaseDirectory, "sam3r.dll");

    private static async Task<List<string>> TileIds(IPage page, string status) =>
        [.. await page.EvaluateAsync<string[]>($"() => [...document.querySelectorAll('path.tile[data-status={status}]')].map(p => p.dataset.tile)")];

    private async Task Screenshot(IPage page, string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"screenshot: {path}");
    }

    private Process Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Sam3r);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.WriteLine($"node: {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        processes.Add(process);
        return process;
    }

    private static async Task WaitForHttp(string url, Process node)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            Assert.False(node.HasExited, "the node exited");
            try
            {
                if ((await http.GetAsync(url + "health/ready", TestContext.Current.CancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            Assert.True(DateTime.UtcNow < deadline, "the node's HTTP server did not come up");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
