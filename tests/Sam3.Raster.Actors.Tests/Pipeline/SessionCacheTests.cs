using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Pipeline;

/// <summary>A node stopped mid-batch must not free the ONNX Runtime session under the running batch.</summary>
public sealed class SessionCacheTests
{
    [Fact]
    public async Task Dispose_waits_for_the_batch_that_holds_a_session_then_refuses_new_ones()
    {
        using var temp = new TempDirectory("sam3r-lease");
        ContractModelFactory.WriteColorModel(temp.File("color.onnx"), queries: 1);
        var cache = new SessionCache(ExecutionDevice.Cpu, maxBatchSize: 1);
        var lease = cache.Lease(temp.File("color.onnx"));

        var disposing = Task.Run(cache.Dispose, TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(disposing.IsCompleted);

        // The held session still runs: nothing was freed under it.
        lease.Session.ImageSlot(0).Fill(-1f);
        Assert.Empty(lease.Session.Run(1, cache.PromptsFor(["red"])));
        lease.Dispose();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Throws<ObjectDisposedException>(() => cache.Lease(temp.File("color.onnx")));
    }
}
