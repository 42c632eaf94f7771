using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class WorkQueueTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests() =>
        _queue = new WorkQueue<string>("test", _time, new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: 0));

    [Fact]
    public async Task Add_SameKeyWhileQueued_IsHandedOutOnce()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("a");

        Assert.Equal(1, _queue.Depth);
        Assert.Equal("a", await GetAsync());
        Assert.Equal(0, _queue.Depth);
    }

    [Fact]
    public async Task Add_WhileProcessing_IsNotHandedToASecondWorker()
    {
        _queue.Add("a");
        var key = await GetAsync();

        _queue.Add("a");
        _queue.Add("a");

        Assert.Equal("a", key);
        Assert.Equal(0, _queue.Depth);
    }

    [Fact]
    public async Task Add_WhileProcessing_RunsExactlyOnceMoreAfterDone()
    {
        _queue.Add("a");
        var key = await GetAsync();
        _queue.Add("a");
        _queue.Add("a");

        _queue.Done(key);

        Assert.Equal(1, _queue.Depth);
        _queue.Done(await GetAsync());
        Assert.Equal(0, _queue.Depth);
    }

    [Fact]
    public void AddAfter_IsNotReadyBeforeItsDeadline()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(0, _queue.Depth);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, _queue.Depth);
    }

    [Theory]
    [InlineData(10, 5, 5)]
    [InlineData(5, 10, 5)]
    [InlineData(7, 7, 7)]
    public void AddAfter_TwiceForOneKey_TheEarliestDeadlineWins(int firstSeconds, int secondSeconds, int readyAfter)
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(firstSeconds));
        _queue.AddAfter("a", TimeSpan.FromSeconds(secondSeconds));

        _time.Advance(TimeSpan.FromSeconds(readyAfter) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _queue.Depth);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _queue.Depth);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, _queue.Depth);
    }

    [Fact]
    public async Task Add_ClearsAPendingDelay()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));

        _queue.Add("a");
        _queue.Done(await GetAsync());
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, _queue.Depth);
    }

    [Fact]
    public void AddRateLimited_DelayDoublesPerFailureUpToTheCap()
    {
        var delays = new List<double>();
        for (var failure = 0; failure < 7; failure++)
        {
            _queue.AddRateLimited("a");
            delays.Add(SecondsUntilReady("a"));
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays);
    }

    [Fact]
    public void Forget_ResetsTheBackoff()
    {
        _queue.AddRateLimited("a");
        SecondsUntilReady("a");
        _queue.AddRateLimited("a");
        SecondsUntilReady("a");

        _queue.Forget("a");
        _queue.AddRateLimited("a");

        Assert.Equal(1, SecondsUntilReady("a"));
    }

    [Fact]
    public async Task ShutDown_HandsOutQueuedKeysThenReportsShutdown()
    {
        _queue.Add("a");
        _queue.ShutDown();
        _queue.Add("b");

        Assert.Equal(("a", false), await _queue.GetAsync(TestContext.Current.CancellationToken));
        Assert.Equal((null, true), await _queue.GetAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ShutDown_WakesWaitingWorkers()
    {
        var waiting = _queue.GetAsync(TestContext.Current.CancellationToken);

        _queue.ShutDown();

        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).ShutDown);
    }

    [Fact]
    public async Task ManyWorkers_NeverHoldOneKeyTwice_AndProcessEveryKeyAfterItsLastAdd()
    {
        const int Workers = 8, Adds = 10_000, Keys = 1_000;
        using var queue = new WorkQueue<int>("stress", _time);
        var inFlight = new ConcurrentDictionary<int, int>();
        var maxInFlight = 0;
        var lastAdd = new long[Keys];
        var lastStart = new long[Keys];
        long clock = 0;

        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shutDown) = await queue.GetAsync(CancellationToken.None);
                if (shutDown)
                {
                    return;
                }

                var concurrent = inFlight.AddOrUpdate(key, 1, (_, n) => n + 1);
                InterlockedMax(ref maxInFlight, concurrent);
                Volatile.Write(ref lastStart[key], Interlocked.Increment(ref clock));
                await Task.Yield();
                inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
                queue.Done(key);
            }
        })).ToArray();

        Parallel.For(0, Adds, i =>
        {
            var key = i % Keys;
            Volatile.Write(ref lastAdd[key], Interlocked.Increment(ref clock));
            queue.Add(key);
        });
        await Eventually.TrueAsync(
            () => Enumerable.Range(0, Keys).All(k => Volatile.Read(ref lastStart[k]) > Volatile.Read(ref lastAdd[k])),
            "every key processed after its last add");
        queue.ShutDown();
        await Task.WhenAll(workers);

        Assert.Equal(1, maxInFlight);
    }

    public void Dispose() => _queue.Dispose();

    private async Task<string> GetAsync()
    {
        var (key, shutDown) = await _queue.GetAsync(TestContext.Current.CancellationToken);
        Assert.False(shutDown);
        return key!;
    }

    /// <summary>Advances the clock until the key is ready, takes it and returns how long that took.</summary>
    private double SecondsUntilReady(string key)
    {
        var start = _time.GetUtcNow();
        while (_queue.Depth == 0)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var (got, _) = _queue.GetAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(key, got);
        _queue.Done(key);
        return (_time.GetUtcNow() - start).TotalSeconds;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
