using System.Diagnostics;
using Sam3.Raster.Actors.Jobs;
using Spectre.Console;

namespace Sam3.Raster.Cli.Progress;

/// <summary>
/// Shows a job's progress on stderr (stdout stays for the summary and --json): a live Spectre
/// display when stderr is a terminal, otherwise a plain line every few seconds.
/// </summary>
internal sealed class ProgressDisplay : IAsyncDisposable
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ProgressMeter meter;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly Task loop;

    public ProgressDisplay(bool? interactive = null)
    {
        meter = new ProgressMeter(() => clock.Elapsed);
        bool live = interactive ?? (!Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive);
        loop = live ? Task.Run(LiveLoop) : Task.Run(PlainLoop);
    }

    public TimeSpan Elapsed
    {
        get
        {
            lock (gate)
            {
                return meter.Elapsed;
            }
        }
    }

    public int TilesThisRun
    {
        get
        {
            lock (gate)
            {
                return meter.TilesThisRun;
            }
        }
    }

    public int TilesBefore
    {
        get
        {
            lock (gate)
            {
                return meter.TilesBefore;
            }
        }
    }

    /// <summary>Thread-safe: called by the job watcher on every change.</summary>
    public void Update(JobProgress progress)
    {
        lock (gate)
        {
            meter.Update(progress);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private (string Text, double Done, double Total) Snapshot()
    {
        lock (gate)
        {
            var p = meter.Latest;
            return (meter.Describe(), p?.TilesDone ?? 0, Math.Max(1, p?.TilesTotal ?? 1));
        }
    }

    private async Task LiveLoop()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .AutoClear(false)
            .Columns(new SpinnerColumn(), new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("planning…", maxValue: 1);
                while (true)
                {
                    var (text, done, total) = Snapshot();
                    task.MaxValue = total;
                    task.Value = Math.Min(done, total);
                    task.Description = Markup.Escape(text);
                    ctx.Refresh();
                    if (stop.IsCancellationRequested)
                    {
                        break;
                    }

                    try
                    {
                        await Task.Delay(250, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // One last refresh above shows the final numbers.
                    }
                }
            });
    }

    private async Task PlainLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PlainInterval, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Console.Error.WriteLine($"sam3r: {ProgressMeter.Format(Elapsed)} {Snapshot().Text}");
        }
    }
}
