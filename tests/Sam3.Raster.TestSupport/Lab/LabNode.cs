using System.Diagnostics;

namespace Sam3.Raster.TestSupport.Lab;

/// <summary>
/// A <c>sam3r node</c> process on a lab host under a supervisor like compose's
/// <c>restart: on-failure</c>: when it exits non-zero by itself (a downed node exits 3), it is
/// started again after a second. <see cref="Kill"/> is SIGKILL with no restart (the test restarts
/// it with <see cref="Start"/>). Every stderr line of every incarnation goes to one log file.
/// </summary>
public sealed class LabNode : IDisposable
{
    private readonly LabHost host;
    private readonly string config;
    private readonly IReadOnlyList<string> args;
    private readonly string logPath;
    private readonly Lock gate = new();
    private readonly List<int> exits = [];
    private Process? process;
    private bool stopped;

    internal LabNode(LabHost host, string config, IReadOnlyList<string> args, string logPath)
    {
        this.host = host;
        this.config = config;
        this.args = args;
        this.logPath = logPath;
    }

    public LabHost Host => host;

    /// <summary>Exit codes of the incarnations that ended by themselves (not by <see cref="Kill"/>).</summary>
    public IReadOnlyList<int> Exits
    {
        get
        {
            lock (gate)
            {
                return [.. exits];
            }
        }
    }

    public string Log
    {
        get
        {
            lock (gate)
            {
                return File.Exists(logPath) ? File.ReadAllText(logPath) : string.Empty;
            }
        }
    }

    public void Start()
    {
        lock (gate)
        {
            stopped = false;
            var p = host.Start(config, ["node", .. args]);
            p.EnableRaisingEvents = true;
            p.ErrorDataReceived += (_, e) => Append(e.Data);
            p.OutputDataReceived += (_, e) => Append(e.Data);
            p.Exited += (_, _) => OnExit(p);
            p.BeginErrorReadLine();
            p.BeginOutputReadLine();
            process = p;
            File.AppendAllText(logPath, $"--- harness: started pid {p.Id} at {DateTime.UtcNow:HH:mm:ss.fff}\n");
        }
    }

    /// <summary>SIGKILL: no leave, no shutdown hooks, no restart.</summary>
    public void Kill()
    {
        lock (gate)
        {
            stopped = true;
            if (process is { HasExited: false } p)
            {
                p.Kill();
                File.AppendAllText(logPath, $"--- harness: SIGKILL at {DateTime.UtcNow:HH:mm:ss.fff}\n");
            }
        }
    }

    public void Dispose()
    {
        Kill();
        Process? last;
        lock (gate)
        {
            last = process;
        }

        // Outside the lock: the exit waits for the output callbacks, which take it.
        last?.WaitForExit(10_000);
        last?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (gate)
            {
                File.AppendAllText(logPath, line + "\n");
            }
        }
    }

    private void OnExit(Process p)
    {
        bool restart;
        lock (gate)
        {
            if (stopped || p != process)
            {
                return;
            }

            exits.Add(p.ExitCode);
            File.AppendAllText(logPath, $"--- harness: exited {p.ExitCode} at {DateTime.UtcNow:HH:mm:ss.fff}\n");
            restart = p.ExitCode != 0;
        }

        if (restart)
        {
            _ = Task.Delay(1000).ContinueWith(_ =>
            {
                lock (gate)
                {
                    if (stopped)
                    {
                        return;
                    }
                }

                Start();
            }, TaskScheduler.Default);
        }
    }
}
