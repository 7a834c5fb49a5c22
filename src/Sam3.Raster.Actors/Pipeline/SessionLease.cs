using Sam3.Inference.Session;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>
/// A model session held for one batch (<see cref="SessionCache.Lease"/>): while any lease is open
/// the cache does not free its sessions, so a node stopped in the middle of a run waits for the run
/// instead of freeing ONNX Runtime's session under it (which crashes the process).
/// </summary>
public sealed class SessionLease : IDisposable
{
    private SessionCache? owner;

    internal SessionLease(SessionCache owner, Sam3Session session)
    {
        this.owner = owner;
        Session = session;
    }

    public Sam3Session Session { get; }

    public void Dispose() => Interlocked.Exchange(ref owner, null)?.Release();
}
