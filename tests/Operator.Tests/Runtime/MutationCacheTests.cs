using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

/// <summary>
/// The overlay of our own writes on an informer's cache: a read right after our write sees it, until the watch brings it or
/// anything newer (client-go's MutationCache).
/// </summary>
public sealed class MutationCacheTests : IAsyncDisposable
{
    private static readonly ObjectKey s_key = new("ns", "app");
    private readonly ScriptedResourceClient _server = new() { ListResourceVersion = 10 };
    private readonly FakeTimeProvider _time = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Informer<V1Secret> _informer;
    private readonly MutationCache<V1Secret> _cache;
    private Task? _run;
    private ScriptedResourceClient.WatchStream _watch = null!;

    public MutationCacheTests()
    {
        _informer = new Informer<V1Secret>(_server, new InformerOptions(), _time, NullLogger<Informer<V1Secret>>.Instance);
        _cache = new MutationCache<V1Secret>(_informer, _time);
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

    private async Task StartAsync(params (string Name, string Rv)[] objects)
    {
        foreach (var (name, rv) in objects)
        {
            _server.Put(name, rv);
        }

        _run = Task.Run(() => _informer.RunAsync(_stop.Token), TestContext.Current.CancellationToken);
        _watch = await _server.NextWatchAsync();
    }

    private static V1Secret Written(string rv, string marker = "ours")
    {
        var secret = ScriptedResourceClient.Secret("app", rv);
        secret.Metadata.Labels = new Dictionary<string, string> { ["written-by"] = marker };
        return secret;
    }

    private async Task DeliverAsync(WatchEventType type, string rv)
    {
        _watch.Send(type, "app", rv);
        await Eventually.TrueAsync(() => _informer.ResourceVersion == rv, $"the informer at {rv}");
    }

    [Fact]
    public async Task ReadAfterOurWrite_CacheNotCaughtUp_SeesOurWrite()
    {
        await StartAsync(("app", "5"));

        _cache.Mutated(Written("11"));

        // The informer's cache still holds version 5; the overlay answers with what we wrote.
        Assert.Equal("5", _informer.Cache.Get(s_key)!.ResourceVersion());
        var read = _cache.Get(s_key)!;
        Assert.Equal(("11", "ours"), (read.ResourceVersion(), read.Metadata.Labels["written-by"]));
    }

    [Fact]
    public async Task ReadAfterOurCreate_NotYetInTheCache_SeesIt()
    {
        await StartAsync();

        _cache.Mutated(Written("11"));

        Assert.Null(_informer.Cache.Get(s_key));
        Assert.Equal("11", _cache.Get(s_key)!.ResourceVersion());
    }

    [Fact]
    public async Task OurWriteDelivered_OverlayIsDropped()
    {
        await StartAsync(("app", "5"));
        _cache.Mutated(Written("11"));

        await DeliverAsync(WatchEventType.Modified, "11");

        Assert.Equal(0, _cache.Count);
        Assert.Equal("11", _cache.Get(s_key)!.ResourceVersion());
    }

    [Fact]
    public async Task OurWriteDeliveredBeforeItsResponse_IsNotKept()
    {
        await StartAsync(("app", "5"));
        await DeliverAsync(WatchEventType.Modified, "11");

        _cache.Mutated(Written("11"));

        Assert.Equal(0, _cache.Count);
        Assert.Equal("11", _cache.Get(s_key)!.ResourceVersion());
    }

    [Fact]
    public async Task NewerChangeByOthers_WinsOverOurWrite()
    {
        await StartAsync(("app", "5"));
        _cache.Mutated(Written("11"));

        await DeliverAsync(WatchEventType.Modified, "12");

        var read = _cache.Get(s_key)!;
        Assert.Equal("12", read.ResourceVersion());
        Assert.Null(read.Metadata.Labels);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public async Task DeletedAfterOurWrite_ReadsAsGone()
    {
        await StartAsync(("app", "5"));
        _cache.Mutated(Written("11"));

        await DeliverAsync(WatchEventType.Deleted, "13");

        Assert.Null(_cache.Get(s_key));
    }

    [Fact]
    public async Task WatchPastOurWrite_WithoutTheObject_TrustsTheCache()
    {
        // Our create was deleted again before the watch reached it: a bookmark past our version says the cache is current.
        await StartAsync();
        _cache.Mutated(Written("11"));

        _watch.Bookmark("20");
        await Eventually.TrueAsync(() => _informer.ResourceVersion == "20", "the bookmark");

        Assert.Null(_cache.Get(s_key));
    }

    [Fact]
    public async Task OlderEvent_DoesNotEndTheOverlay()
    {
        // The delete of the object a type change replaced arrives after our create of its successor.
        await StartAsync(("app", "5"));
        _cache.Mutated(Written("11"));

        _watch.Send(WatchEventType.Deleted, "app", "9");
        await Eventually.TrueAsync(() => _informer.Cache.Get(s_key) is null, "the old object's delete");

        Assert.Equal("11", _cache.Get(s_key)!.ResourceVersion());
    }

    [Fact]
    public async Task StuckWatch_OverlayEndsAfterItsTtl()
    {
        await StartAsync(("app", "5"));
        _cache.Mutated(Written("11"));

        _time.Advance(MutationCache<V1Secret>.Ttl + TimeSpan.FromSeconds(1));

        Assert.Equal("5", _cache.Get(s_key)!.ResourceVersion());
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public async Task Get_ReturnsACopy()
    {
        await StartAsync();
        _cache.Mutated(Written("11"));

        _cache.Get(s_key)!.Metadata.Labels["written-by"] = "changed";

        Assert.Equal("ours", _cache.Get(s_key)!.Metadata.Labels["written-by"]);
    }
}
