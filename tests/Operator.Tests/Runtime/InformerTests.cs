using System.Globalization;
using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime;
using Operator.Tests.Credentials;

namespace Operator.Tests.Runtime;

public sealed class InformerTests : IAsyncDisposable
{
    private readonly ScriptedResourceClient _server = new();
    private static readonly TimeSpan s_fine = TimeSpan.FromMilliseconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger<Informer<V1Secret>> _logger = new();
    private readonly List<(WatchEventType Type, string Name)> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Informer<V1Secret> _informer;
    private Task? _run;

    public InformerTests()
    {
        // The default backoff (800 ms doubling to 30 s) with its random draw pinned at zero, so delays are exact.
        var backoff = new Backoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), jitter: 0.2, new FixedRandom(0));
        _informer = new Informer<V1Secret>(_server, new InformerOptions { PageSize = 2, LabelSelector = "managed=yes", Backoff = backoff },
            _time, _logger);
        _informer.AddHandler(ev =>
        {
            lock (_events)
            {
                _events.Add((ev.Type, ev.Object.Name()));
            }
        });
    }

    [Fact]
    public async Task Run_ListsInPagesThenWatchesFromTheListResourceVersion()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            _server.Put(name, "10");
        }

        Start();
        var watch = await _server.NextWatchAsync();

        Assert.Equal([null, "2", "4"], _server.Lists.Select(l => l.Continue));
        Assert.All(_server.Lists, l => Assert.Equal((2, "managed=yes"), (l.Limit, l.LabelSelector)));
        Assert.Equal("100", watch.Request.ResourceVersion);
        Assert.Equal("managed=yes", watch.Request.LabelSelector);
        Assert.InRange(watch.Request.TimeoutSeconds, 300, 600);
        Assert.Equal(5, _informer.Cache.Count);
        Assert.True(_informer.HasSynced);
    }

    [Fact]
    public async Task HasSynced_FalseUntilTheFirstListSucceeds()
    {
        _server.ListFailures.Enqueue(ApiFailures.Http(HttpStatusCode.InternalServerError));
        Start();
        await Eventually.TrueAsync(() => _server.Lists.Count == 1, "first list");
        Assert.False(_informer.HasSynced);

        await AdvanceUntilAsync(() => _server.Watches.Count == 1);

        Assert.True(_informer.HasSynced);
    }

    [Fact]
    public async Task WatchEvents_UpdateTheCacheAndNotifyHandlers()
    {
        _server.Put("a", "10");
        Start();
        var watch = await _server.NextWatchAsync();

        watch.Send(WatchEventType.Added, "b", "101");
        watch.Send(WatchEventType.Modified, "a", "102");
        watch.Send(WatchEventType.Deleted, "b", "103");
        await Eventually.TrueAsync(() => _informer.ResourceVersion == "103", "events applied");

        Assert.Equal(["ns/a"], _informer.Cache.Keys.Select(k => k.ToString()));
        Assert.Equal("102", _informer.Cache.Get(new ObjectKey("ns", "a"))!.ResourceVersion());
        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Added, "b"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "b")], _events);
    }

    [Fact]
    public async Task CleanClose_RewatchesFromTheLastResourceVersionSeen_BookmarksIncluded()
    {
        Start();
        var first = await _server.NextWatchAsync();
        first.Send(WatchEventType.Added, "x", "101");
        first.Bookmark("150");
        first.Close();

        var second = await _server.NextWatchAsync();

        Assert.Equal("150", second.Request.ResourceVersion);
        Assert.Single(_server.Lists);
    }

    [Fact]
    public async Task WatchClosedAtOnceWithoutEvents_BacksOffInsteadOfRewatching()
    {
        Start();
        var first = await _server.NextWatchAsync();
        first.Close();

        var delay = await LoggedDelayAsync(1);
        var waited = await AdvanceUntilAsync(() => _server.Watches.Count == 2, s_fine);

        Assert.Equal(TimeSpan.FromMilliseconds(800), delay);
        AssertWaited(delay, waited);
        Assert.Single(_server.Lists);
    }

    public static TheoryData<string> ExpiredFailures => ["event", "http"];

    [Theory]
    [MemberData(nameof(ExpiredFailures))]
    public async Task Expired_Relists_AndVanishedObjectsBecomeDeletes(string how)
    {
        _server.Put("a", "10");
        _server.Put("b", "11");
        Start();
        var watch = await _server.NextWatchAsync();
        _server.Objects.Remove("b");
        _server.Put("c", "120");
        _server.ListResourceVersion = 200;

        watch.Fail(how == "event" ? ApiFailures.ExpiredEvent() : ApiFailures.Http(HttpStatusCode.Gone));
        var next = await _server.NextWatchAsync();

        Assert.Equal(2, _server.Lists.Count);
        Assert.Equal("200", next.Request.ResourceVersion);
        Assert.Equal(["ns/a", "ns/c"], _informer.Cache.Keys.Select(k => k.ToString()).Order());
        Assert.Contains((WatchEventType.Deleted, "b"), _events);
        Assert.Contains((WatchEventType.Added, "c"), _events);
        Assert.DoesNotContain((WatchEventType.Modified, "a"), _events);
    }

    /// <summary>
    /// An event the model cannot read (a JsonException from the client's watch): re-watching from the same version would
    /// read it again forever, so the informer relists at once; the list leaves the object out (ReadableItems).
    /// </summary>
    [Fact]
    public async Task UnreadableWatchEvent_RelistsAtOnce_InsteadOfRewatchingTheSameVersion()
    {
        _server.Put("a", "10");
        Start();
        var watch = await _server.NextWatchAsync();
        _server.ListResourceVersion = 200;

        watch.Fail(new System.Text.Json.JsonException("The JSON value could not be converted to System.String.", "$.spec.ttl", 0, 0));
        var next = await _server.NextWatchAsync();

        Assert.Equal(2, _server.Lists.Count);
        Assert.Equal("200", next.Request.ResourceVersion);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("(spec.ttl)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpiredList_BacksOffInsteadOfRelistingAtOnce()
    {
        _server.ListFailures.Enqueue(ApiFailures.Http(HttpStatusCode.Gone));
        Start();

        var delay = await LoggedDelayAsync(1);
        var waited = await AdvanceUntilAsync(() => _server.Watches.Count == 1, s_fine);

        Assert.Equal(TimeSpan.FromMilliseconds(800), delay);
        AssertWaited(delay, waited);
        Assert.Equal(2, _server.Lists.Count);
    }

    [Fact]
    public async Task Throttled_WaitsForRetryAfter()
    {
        Start();
        var watch = await _server.NextWatchAsync();

        watch.Fail(ApiFailures.Http(HttpStatusCode.TooManyRequests, retryAfterSeconds: 7));

        var delay = await LoggedDelayAsync(1);
        var waited = await AdvanceUntilAsync(() => _server.Watches.Count == 2);

        Assert.Equal(TimeSpan.FromSeconds(7), delay);
        AssertWaited(delay, waited);
    }

    [Fact]
    public async Task ServerErrors_BackOffExponentially_AndTheInformerWaitsThatLong()
    {
        Start();
        (await _server.NextWatchAsync()).Fail(ApiFailures.Http(HttpStatusCode.InternalServerError));
        var first = await LoggedDelayAsync(1);
        var firstWaited = await AdvanceUntilAsync(() => _server.Watches.Count == 2, s_fine);
        (await _server.NextWatchAsync()).Fail(ApiFailures.Http(HttpStatusCode.ServiceUnavailable));
        var second = await LoggedDelayAsync(2);
        var secondWaited = await AdvanceUntilAsync(() => _server.Watches.Count == 3, s_fine);

        Assert.Equal(TimeSpan.FromMilliseconds(800), first);
        Assert.Equal(TimeSpan.FromMilliseconds(1600), second);
        AssertWaited(first, firstWaited);
        AssertWaited(second, secondWaited);
    }

    [Fact]
    public async Task SilentWatch_IsCancelledAtItsIdleDeadline_AndRewatched()
    {
        Start();
        var first = await _server.NextWatchAsync();

        _time.Advance(TimeSpan.FromSeconds(first.Request.TimeoutSeconds + 31));
        var second = await _server.NextWatchAsync();

        Assert.Equal(first.Request.ResourceVersion, second.Request.ResourceVersion);
        Assert.Single(_server.Lists);
    }

    [Fact]
    public async Task IsAlive_FalseAfterTwiceTheLongestTimeoutWithoutProgress()
    {
        Start();
        await _server.NextWatchAsync();
        Assert.True(_informer.IsAlive);

        _time.Advance(TimeSpan.FromSeconds(1201));
        var latest = await _server.NextWatchAsync();
        Assert.False(_informer.IsAlive);

        latest.Bookmark("300");
        await Eventually.TrueAsync(() => _informer.IsAlive, "alive after a bookmark");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        _stop.Dispose();
    }

    private void Start() => _run = Task.Run(() => _informer.RunAsync(_stop.Token), TestContext.Current.CancellationToken);

    private async Task<TimeSpan> LoggedDelayAsync(int failure)
    {
        await Eventually.TrueAsync(() => Failures().Count >= failure, $"failure {failure} logged");
        return TimeSpan.Parse(Failures()[failure - 1].GetStructuredStateValue("Delay")!, CultureInfo.InvariantCulture);
    }

    private List<FakeLogRecord> Failures() =>
        [.. _logger.Collector.GetSnapshot().Where(r => r.Message.Contains("retrying in", StringComparison.Ordinal))];

    /// <summary>Advances the fake clock a step at a time until the condition holds; returns how much time that took.</summary>
    private async Task<TimeSpan> AdvanceUntilAsync(Func<bool> condition, TimeSpan? step = null)
    {
        var start = _time.GetUtcNow();
        await Eventually.TrueAsync(() =>
        {
            _time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            return condition();
        }, "condition after advancing the clock");
        return _time.GetUtcNow() - start;
    }

    /// <summary>
    /// The informer really waited the delay it logged: the clock, counted from when the delay was logged (before the
    /// informer starts waiting), had to move at least that far before it acted. Each extra step is the test's own
    /// polling, hence the loose upper bound.
    /// </summary>
    private static void AssertWaited(TimeSpan delay, TimeSpan waited) => Assert.InRange(waited, delay, delay * 1.5);
}
