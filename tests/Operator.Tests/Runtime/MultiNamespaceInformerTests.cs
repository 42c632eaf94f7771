using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

/// <summary>An informer of two namespaces: one list and watch each, one cache, one stream of events.</summary>
public sealed class MultiNamespaceInformerTests : IAsyncDisposable
{
    private readonly ScriptedResourceClient _a = new() { Namespace = "a" };
    private readonly ScriptedResourceClient _b = new() { Namespace = "b" };
    private readonly Informer<V1Secret> _informer;
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public MultiNamespaceInformerTests()
    {
        _informer = new Informer<V1Secret>([_a, _b], new InformerOptions(), _time, NullLogger<Informer<V1Secret>>.Instance);
        _informer.AddHandler(ev =>
        {
            lock (_events)
            {
                _events.Add($"{ev.Type} {ev.Object.Namespace()}/{ev.Object.Name()}");
            }
        });
    }

    [Fact]
    public async Task Run_ListsEachNamespace_IntoOneCache_AndSyncsOnceAllHave()
    {
        _a.Put("a", "x", "10");
        _b.Put("b", "y", "10");
        _b.ListFailures.Enqueue(new IOException("b not yet"));

        Start();
        await _a.NextWatchAsync();
        await Eventually.TrueAsync(() => _b.Lists.Count == 1, "b's first list refused");
        Assert.False(_informer.HasSynced);

        // b backs off on the fake clock, then lists again.
        await Eventually.TrueAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return _informer.HasSynced;
        }, "b listed after its backoff");
        Assert.Equal(["a/x", "b/y"], _informer.Cache.Keys.Select(k => k.ToString()).Order());
    }

    [Fact]
    public async Task Relist_OfOneNamespace_ReplacesOnlyThatNamespace()
    {
        _a.Put("a", "x", "10");
        _a.Put("a", "gone", "10");
        _b.Put("b", "y", "10");
        Start();
        var watchA = await _a.NextWatchAsync();
        var watchB = await _b.NextWatchAsync();
        watchB.Events.Writer.TryWrite(new ResourceEvent<V1Secret>(k8s.WatchEventType.Added, ScriptedResourceClient.Secret("z", "11", "b")));
        await Eventually.TrueAsync(() => _informer.Cache.Count == 4, "b's watch event applied");

        _a.Objects.Remove("a/gone");
        watchA.Fail(ApiFailures.ExpiredEvent());
        await _a.NextWatchAsync();

        await Eventually.TrueAsync(() => _informer.Cache.Count == 3, "a relisted");
        Assert.Equal(["a/x", "b/y", "b/z"], _informer.Cache.Keys.Select(k => k.ToString()).Order());
        lock (_events)
        {
            Assert.Equal(["Deleted a/gone"], _events.Where(e => e.StartsWith("Deleted", StringComparison.Ordinal)));
        }
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
}
