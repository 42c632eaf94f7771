using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime;
using Operator.Runtime.Sharding;

namespace Operator.Tests.Runtime.Sharding;

/// <summary>A controller with two shards, one worker: it reconciles the keys of the shards held, and only those.</summary>
public sealed class ShardedControllerTests : IAsyncDisposable
{
    private readonly ScriptedResourceClient _server = new();
    private readonly RecordingReconciler _reconciler = new();
    private readonly ServiceProvider _services;
    private readonly Informer<V1Secret> _informer;
    private readonly Controller<V1Secret> _controller;
    private readonly HeldShards _shards = new(2);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly ObjectKey _first;
    private readonly ObjectKey _second;

    public ShardedControllerTests()
    {
        var time = new FakeTimeProvider();
        _services = new ServiceCollection().AddSingleton<IReconciler<V1Secret>>(_reconciler).BuildServiceProvider();
        _informer = new Informer<V1Secret>(_server, new InformerOptions(), time, NullLogger<Informer<V1Secret>>.Instance);
        _controller = new Controller<V1Secret>("secrets", _informer, _services.GetRequiredService<IServiceScopeFactory>(),
            new ControllerOptions { MaxConcurrentReconciles = 1 }, time, NullLogger<Controller<V1Secret>>.Instance).ShardedBy(_shards);

        // A namespace of each shard (which one is which follows from the hash alone).
        var namespaces = Enumerable.Range(0, 20).Select(i => $"team-{i}").ToList();
        _first = new ObjectKey(namespaces.First(ns => ShardAssignment.ShardOf(ns, 2) == 0), "s");
        _second = new ObjectKey(namespaces.First(ns => ShardAssignment.ShardOf(ns, 2) == 1), "s");
        _server.Put(_first.Namespace!, "s", "1");
        _server.Put(_second.Namespace!, "s", "1");
    }

    [Fact]
    public async Task Reconcile_OnlyKeysOfHeldShards_AndTakingAShardEnqueuesItsKeys()
    {
        _shards.Acquire(0);
        var watch = await StartAsync();
        await Eventually.TrueAsync(() => _reconciler.CallsFor(_first) == 1, "the held shard's key reconciled");

        // Both change; the one worker takes them in order, so once the first is reconciled again the second was dropped.
        Send(watch, _second, "2");
        Send(watch, _first, "2");
        await Eventually.TrueAsync(() => _reconciler.CallsFor(_first) == 2, "the held shard's change reconciled");
        Assert.Equal(0, _reconciler.CallsFor(_second));

        _shards.Acquire(1);

        await Eventually.TrueAsync(() => _reconciler.CallsFor(_second) == 1, "the shard taken: its cached key reconciled");
    }

    [Fact]
    public async Task Reconcile_AfterAShardIsLost_StopsForItsKeys()
    {
        _shards.Acquire(0);
        _shards.Acquire(1);
        var watch = await StartAsync();
        await Eventually.TrueAsync(() => _reconciler.CallsFor(_first) == 1 && _reconciler.CallsFor(_second) == 1, "both reconciled");

        _shards.Lose(0);
        Send(watch, _first, "2");
        Send(watch, _second, "2");

        await Eventually.TrueAsync(() => _reconciler.CallsFor(_second) == 2, "the still-held shard's change reconciled");
        Assert.Equal(1, _reconciler.CallsFor(_first));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        _stop.Dispose();
        await _services.DisposeAsync();
    }

    private static void Send(ScriptedResourceClient.WatchStream watch, ObjectKey key, string rv) =>
        watch.Events.Writer.TryWrite(new ResourceEvent<V1Secret>(WatchEventType.Modified, ScriptedResourceClient.Secret(key.Name, rv, key.Namespace!)));

    private async Task<ScriptedResourceClient.WatchStream> StartAsync()
    {
        _running.Add(Task.Run(() => _informer.RunAsync(_stop.Token), TestContext.Current.CancellationToken));
        _running.Add(Task.Run(() => _controller.RunAsync(_stop.Token), TestContext.Current.CancellationToken));
        return await _server.NextWatchAsync();
    }
}
