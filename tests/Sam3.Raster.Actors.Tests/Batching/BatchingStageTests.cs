using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Streams;
using Sam3.Raster.Actors.Batching;

namespace Sam3.Raster.Actors.Tests.Batching;

public sealed class BatchingStageTests : IAsyncLifetime
{
    private readonly ActorSystem system = ActorSystem.Create("batching", "akka.loglevel = WARNING");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await system.Terminate();

    [Fact]
    public async Task Runs_one_batch_at_a_time_and_never_more_than_the_batch_size()
    {
        int running = 0, maxRunning = 0;
        var batches = new ConcurrentQueue<int[]>();
        var stage = new BatchingStage<int>(system.Materializer(), new BatchingOptions(8, TimeSpan.FromMilliseconds(10), 16), async batch =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Delay(15);
            batches.Enqueue([.. batch]);
            Interlocked.Decrement(ref running);
        });

        // Many concurrent producers, more items than the queue holds: offers wait (backpressure).
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (int i = 0; i < 25; i++)
            {
                await stage.OfferAsync((p * 100) + i, TestContext.Current.CancellationToken);
            }
        })));
        stage.Complete();
        await stage.Completion.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal(1, maxRunning);
        Assert.All(batches, b => Assert.InRange(b.Length, 1, 8));
        Assert.Equal(100, batches.Sum(b => b.Length));
        Assert.Equal(100, batches.SelectMany(b => b).Distinct().Count());
    }

    [Fact]
    public async Task The_next_batch_is_collected_while_one_runs_and_starts_as_soon_as_it_ends()
    {
        var release = new TaskCompletionSource();
        var starts = new ConcurrentQueue<(int Size, long At)>();
        var clock = Stopwatch.StartNew();
        // A long wait: a batch that is not full would only go after 5 s, so a quick full second
        // batch proves it was gathered while the first one ran.
        var stage = new BatchingStage<int>(system.Materializer(), new BatchingOptions(4, TimeSpan.FromSeconds(5), 8), async batch =>
        {
            starts.Enqueue((batch.Count, clock.ElapsedMilliseconds));
            if (starts.Count == 1)
            {
                await release.Task;
            }
        });

        for (int i = 0; i < 4; i++)
        {
            await stage.OfferAsync(i, TestContext.Current.CancellationToken);
        }

        await WaitUntil(() => starts.Count == 1);
        for (int i = 4; i < 8; i++)
        {
            await stage.OfferAsync(i, TestContext.Current.CancellationToken);
        }

        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Single(starts);
        long releasedAt = clock.ElapsedMilliseconds;
        release.SetResult();
        await WaitUntil(() => starts.Count == 2);

        var second = starts.ToArray()[1];
        Assert.Equal(4, second.Size);
        Assert.True(second.At - releasedAt < 1000, $"the second batch started {second.At - releasedAt} ms after the first ended");
        await stage.DisposeAsync();
    }

    [Fact]
    public async Task A_full_queue_holds_offers_back_until_batches_drain()
    {
        var release = new TaskCompletionSource();
        var stage = new BatchingStage<int>(system.Materializer(), new BatchingOptions(2, TimeSpan.FromMilliseconds(5), 2), _ => release.Task);

        // Offers are taken in turn; with one batch running, one gathered and the queue full, the
        // rest wait: only a handful of the 50 are accepted until the first batch ends.
        var offers = new List<Task>();
        for (int i = 0; i < 50; i++)
        {
            offers.Add(stage.OfferAsync(i, TestContext.Current.CancellationToken));
        }

        // The first offers are taken as soon as the stream runs (slow on a loaded machine); the rest then stay waiting.
        await WaitUntil(() => offers.Count(o => o.IsCompleted) >= 2);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        int accepted = offers.Count(o => o.IsCompleted);
        Assert.InRange(accepted, 2, 8);
        release.SetResult();
        await Task.WhenAll(offers).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await stage.DisposeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(5);
        }
    }
}
