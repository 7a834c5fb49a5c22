using System.Collections.Concurrent;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// The model sessions of one device (one cache per GPU actor), opened once per model path and kept
/// for the node's life, and the tokenized prompt sets. The CLI opens the job's model here before
/// any work starts, so a bad model fails fast; the GPU actor then finds it open. By default ONNX Runtime's threads do not
/// spin while idle: the readers and geometry actors share the cores (what spinning costs on
/// 2 cores is measured in docs/BENCHMARKS.md).
/// </summary>
public sealed class SessionCache(ExecutionDevice device, int maxBatchSize, bool spinWhenIdle = false) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Sam3Session>> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PromptSet> prompts = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private long batchesRun;

    private int leases;
    private bool disposed;

    /// <summary>How long <see cref="Dispose"/> waits for running batches before it leaves their sessions to the process's end.</summary>
    public static TimeSpan DisposeWait { get; } = TimeSpan.FromSeconds(30);

    public int MaxBatchSize { get; } = maxBatchSize;

    public ExecutionDevice Device { get; } = device;

    /// <summary>
    /// Whether this device's model runs on the CPU: known from the setting for <c>cpu</c> and
    /// <c>cuda</c>, for <c>auto</c> once a session has opened (null until then).
    /// </summary>
    public bool? RunsOnCpu => Device.Kind switch
    {
        DeviceKind.Cpu => true,
        DeviceKind.Cuda => false,
        _ => sessions.Values.FirstOrDefault(s => s.IsValueCreated)?.Value.OnCpu,
    };

    /// <summary>Model runs on this device so far: shows how work spread over a node's devices.</summary>
    public long BatchesRun => Interlocked.Read(ref batchesRun);

    /// <summary>Called by the GPU actor after each model run.</summary>
    public void CountBatch() => Interlocked.Increment(ref batchesRun);

    public Sam3Session Get(string modelPath)
    {
        var lazy = sessions.GetOrAdd(modelPath, p => new Lazy<Sam3Session>(() => Open(p)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Lazy caches the exception: drop it so a later call tries again.
            sessions.TryRemove(new KeyValuePair<string, Lazy<Sam3Session>>(modelPath, lazy));
            throw;
        }
    }

    /// <summary>The model's session for one batch; the sessions outlive every open lease.</summary>
    public SessionLease Lease(string modelPath)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            leases++;
        }

        try
        {
            return new SessionLease(this, Get(modelPath));
        }
        catch
        {
            Release();
            throw;
        }
    }

    internal void Release()
    {
        lock (gate)
        {
            if (--leases == 0)
            {
                Monitor.PulseAll(gate);
            }
        }
    }

    private Sam3Session Open(string modelPath) =>
        Sam3Session.Open(modelPath, new Sam3SessionOptions(Device, MaxBatchSize, SpinWhenIdle: spinWhenIdle));

    public PromptSet PromptsFor(IReadOnlyList<string> texts) =>
        prompts.GetOrAdd(string.Join('\u001f', texts), _ => PromptSet.Create(texts));

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            var deadline = DateTime.UtcNow + DisposeWait;
            for (var left = DisposeWait; leases > 0 && left > TimeSpan.Zero; left = deadline - DateTime.UtcNow)
            {
                Monitor.Wait(gate, left);
            }

            if (leases > 0)
            {
                // A run that never ends: better its session leaks than the process crashes.
                return;
            }
        }

        foreach (var s in sessions.Values.Where(l => l.IsValueCreated))
        {
            s.Value.Dispose();
        }

        sessions.Clear();
    }
}
