using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime;
using Operator.Runtime.Hosting;

namespace Operator.Tests.Runtime;

public sealed class ControllerTests : IAsyncDisposable
{
    private static readonly ObjectKey s_a = new("ns", "a");
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedResourceClient _server = new();
    private readonly RecordingReconciler _reconciler = new();
    private readonly ServiceProvider _services;
    private readonly FakeLogger<Controller<V1Secret>> _logger = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly Informer<V1Secret> _informer;
    private readonly Controller<V1Secret> _controller;

    public ControllerTests()
    {
        _services = new ServiceCollection().AddMetrics().AddSingleton<IReconciler<V1Secret>>(_reconciler).BuildServiceProvider();
        _informer = NewInformer(_server);
        _controller = new Controller<V1Secret>("secrets", _informer, _services.GetRequiredService<IServiceScopeFactory>(),
            new ControllerOptions
            {
                MaxConcurrentReconciles = 4,
                FailureBackoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), 0),
                ReconcileTimeout = TimeSpan.FromMinutes(1),
            },
            _time, _logger, new RuntimeMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        _server.Put("a", "1");
    }

    [Fact]
    public async Task Workers_WaitUntilEveryCacheHasSynced_AndNeverStartWhileOneHasNot()
    {
        // The owned informer never runs, so its cache never syncs; the primary syncs and queues its key.
        _controller.Owns(NewInformer(new ScriptedResourceClient()));
        Run(_informer.RunAsync);
        var run = Task.Run(() => _controller.RunAsync(_stop.Token), TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => _informer.HasSynced && _controller.Queue.Depth == 1, "primary synced, key queued");

        // The sync timeout is on the fake clock: past it, a controller that is still waiting gives up. Its end is the
        // positive signal that settles the absence below: it ended without ever having started a worker.
        await Eventually.TrueAsync(() =>
        {
            _time.Advance(new ControllerOptions().CacheSyncTimeout);
            return run.IsCompleted;
        }, "the controller giving up on the unsynced cache");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(_reconciler.Calls);
        Assert.Equal(1, _controller.Queue.Depth);
    }

    [Fact]
    public async Task Reconcile_GetsTheLatestCachedObject_AndNullOnceDeleted()
    {
        Start();
        await Eventually.TrueAsync(() => _reconciler.CallsFor(s_a) == 1, "first reconcile");
        var watch = await _server.NextWatchAsync();

        watch.Send(WatchEventType.Deleted, "a", "5");
        await Eventually.TrueAsync(() => _reconciler.CallsFor(s_a) == 2, "reconcile after delete");

        var calls = _reconciler.Calls.ToArray();
        Assert.Equal("1", calls[0].Current!.ResourceVersion());
        Assert.Null(calls[1].Current);
    }

    [Fact]
    public async Task Failure_RetriesAfterThePerKeyBackoff_WhichDoubles_AndSuccessForgetsIt()
    {
        _reconciler.Behaviour = (_, call, _) => call <= 2 ? throw new InvalidOperationException("boom") : Task.FromResult(ReconcileResult.Done);
        Start();

        // Backoff 1 s, no jitter: the first retry comes 1 s after the failure, not a tick earlier. The failure is
        // logged after the retry is scheduled, and promotion happens inside Advance, so Depth shows it at once.
        await Eventually.TrueAsync(() => FailuresLogged() == 1, "first failure logged");
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal((0, 1), (_controller.Queue.Depth, _reconciler.CallsFor(s_a)));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => FailuresLogged() == 2, "second failure logged");

        // The second retry waits twice as long.
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal((0, 2), (_controller.Queue.Depth, _reconciler.CallsFor(s_a)));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => _reconciler.CallsFor(s_a) == 3, "third reconcile");

        await Eventually.TrueAsync(() => _controller.Queue.Requeues(s_a) == 0, "forgotten after success");
    }

    [Fact]
    public async Task RequeueAfter_ReconcilesAgainOnceTheDelayHasPassed()
    {
        _reconciler.Behaviour = (_, _, _) => Task.FromResult(ReconcileResult.After(TimeSpan.FromSeconds(30)));
        Start();
        await Eventually.TrueAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Message.StartsWith("Reconciled", StringComparison.Ordinal)),
            "first reconcile done and its requeue scheduled");

        _time.Advance(TimeSpan.FromSeconds(29));
        // Promotion happens inside Advance: an early requeue would show in the depth at once, not later on a worker.
        Assert.Equal(0, _controller.Queue.Depth);
        Assert.Equal(1, _reconciler.CallsFor(s_a));
        _time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => _reconciler.CallsFor(s_a) == 2, "requeued reconcile");
    }

    [Fact]
    public async Task Conflict_IsRetriedQuietly_AndNotCountedAsAnError()
    {
        using var errors = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            RuntimeMetrics.ControllerMeter, "reconcile_errors_total");
        using var total = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            RuntimeMetrics.ControllerMeter, "reconcile_total");
        _reconciler.Behaviour = (_, call, _) => call == 1 ? throw ApiFailures.Http(HttpStatusCode.Conflict) : Task.FromResult(ReconcileResult.Done);
        Start();

        await AdvanceUntilAsync(() => _reconciler.CallsFor(s_a) == 2);
        await Eventually.TrueAsync(() => total.GetMeasurementSnapshot().Count == 2, "two reconciles measured");

        Assert.Empty(errors.GetMeasurementSnapshot());
        Assert.Equal(["conflict", "success"], total.GetMeasurementSnapshot().Select(m => (string)m.Tags["result"]!));
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "429 TooManyRequests")]
    [InlineData(HttpStatusCode.InternalServerError, "500 InternalServerError")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "503 ServiceUnavailable")]
    [InlineData(HttpStatusCode.GatewayTimeout, "504 GatewayTimeout")]
    public async Task ExpectedApiError_IsOneWarningNamingTheObject_WithoutAStackTrace(HttpStatusCode status, string described)
    {
        _reconciler.Behaviour = (_, _, _) => throw ApiFailures.Http(status);
        Start();

        await Eventually.TrueAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning), "warned");

        var warning = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal($"Reconcile of ns/a by controller secrets failed: {described}; retry 1 with backoff", warning.Message);
        Assert.Null(warning.Exception);
    }

    [Theory]
    [InlineData(typeof(HttpRequestException))]
    [InlineData(typeof(TimeoutException))]
    [InlineData(typeof(IOException))]
    public async Task TransportError_IsOneWarningNamingTheObject_WithoutAStackTrace(Type type)
    {
        _reconciler.Behaviour = (_, _, _) => throw (Exception)Activator.CreateInstance(type, "connection reset")!;
        Start();

        await Eventually.TrueAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning), "warned");

        var warning = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal($"Reconcile of ns/a by controller secrets failed: {type.Name}: connection reset; retry 1 with backoff", warning.Message);
        Assert.Null(warning.Exception);
    }

    [Fact]
    public async Task UnexpectedFailure_IsAnErrorNamingTheObject_WithItsStackTrace()
    {
        _reconciler.Behaviour = (_, _, _) => throw new InvalidOperationException("boom");
        Start();

        await Eventually.TrueAsync(() => FailuresLogged() == 1, "failure logged");

        var error = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal((Microsoft.Extensions.Logging.LogLevel.Error, "Reconcile of ns/a by controller secrets failed; retry 1 with backoff"),
            (error.Level, error.Message));
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    [Fact]
    public async Task OwnedObjectChange_EnqueuesItsControllerOwner_OfTheSameKindOnly()
    {
        var owned = new ScriptedResourceClient();
        owned.Objects["child"] = Owned("child", ownerKind: "Secret", ownerName: "a");
        owned.Objects["stranger"] = Owned("stranger", ownerKind: "Deployment", ownerName: "b");
        var ownedInformer = NewInformer(owned);
        _controller.Owns(ownedInformer);
        Run(ownedInformer.RunAsync);
        Start();
        await Eventually.TrueAsync(() => _reconciler.CallsFor(s_a) >= 1, "owner reconciled");

        (await owned.NextWatchAsync()).Events.Writer.TryWrite(new ResourceEvent<V1Secret>(WatchEventType.Modified, Owned("child", "Secret", "a")));
        await Eventually.TrueAsync(() => _reconciler.CallsFor(s_a) >= 2, "owner reconciled after child change");

        Assert.DoesNotContain(_reconciler.Calls, c => c.Key.Name is "b" or "child" or "stranger");
    }

    [Fact]
    public async Task OwnStatusWrite_ItsEventEnqueuesNothing_OthersChangesDo()
    {
        var writes = new OwnWrites();
        _controller.IgnoringOwnWrites(writes);
        Run(_informer.RunAsync);
        var watch = await _server.NextWatchAsync();
        await DrainAsync(s_a);
        using (var write = writes.Begin(s_a))
        {
            write.Completed("8");
        }

        // Events are handled in order: once b is queued, a's own write has been decided.
        watch.Send(WatchEventType.Modified, "a", "8");
        watch.Send(WatchEventType.Added, "b", "9");
        await Eventually.TrueAsync(() => _controller.Queue.Depth == 1, "b queued");
        await DrainAsync(new ObjectKey("ns", "b"));

        watch.Send(WatchEventType.Modified, "a", "10");
        await Eventually.TrueAsync(() => _controller.Queue.Depth == 1, "a queued after someone else's change");
        await DrainAsync(s_a);
    }

    [Fact]
    public async Task OwnWriteOfAnOwnedObject_ItsEventEnqueuesNoOwner_OthersChangesDo()
    {
        var owned = new ScriptedResourceClient();
        var ownedInformer = NewInformer(owned);
        var writes = new OwnWrites();
        _controller.Owns(ownedInformer, writes);
        Run(ownedInformer.RunAsync);
        Run(_informer.RunAsync);
        var ownedWatch = await owned.NextWatchAsync();
        await _server.NextWatchAsync();
        await DrainAsync(s_a);
        using (var write = writes.Begin(new ObjectKey("ns", "child")))
        {
            write.Completed("8");
        }

        ownedWatch.Events.Writer.TryWrite(new ResourceEvent<V1Secret>(WatchEventType.Added, Owned("child", "Secret", "a", "8")));
        ownedWatch.Events.Writer.TryWrite(new ResourceEvent<V1Secret>(WatchEventType.Added, Owned("other", "Secret", "b", "9")));
        await Eventually.TrueAsync(() => _controller.Queue.Depth == 1, "b queued");
        await DrainAsync(new ObjectKey("ns", "b"));

        // Someone edits the child: its owner is reconciled.
        ownedWatch.Events.Writer.TryWrite(new ResourceEvent<V1Secret>(WatchEventType.Modified, Owned("child", "Secret", "a", "10")));
        await Eventually.TrueAsync(() => _controller.Queue.Depth == 1, "a queued after its child changed");
        await DrainAsync(s_a);
    }

    /// <summary>Takes the next queued key off the queue (no worker runs) and checks it is <paramref name="expected"/>.</summary>
    private async Task DrainAsync(ObjectKey expected)
    {
        await Eventually.TrueAsync(() => _controller.Queue.Depth >= 1, $"{expected} queued");
        var (key, _) = await _controller.Queue.GetAsync(TestContext.Current.CancellationToken);
        _controller.Queue.Done(key);
        Assert.Equal(expected, key);
        Assert.Equal(0, _controller.Queue.Depth);
    }

    [Fact]
    public async Task Reconcile_RunsInALogScopeWithKeyAndReconcileId()
    {
        Start();
        await Eventually.TrueAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Message.StartsWith("Reconciled", StringComparison.Ordinal)), "reconciled");

        var record = _logger.Collector.GetSnapshot().First(r => r.Message.StartsWith("Reconciled", StringComparison.Ordinal));
        var scope = Assert.IsType<Dictionary<string, object>>(Assert.Single(record.Scopes));
        Assert.Equal("ns/a", scope["key"]);
        Assert.IsType<Guid>(scope["reconcileId"]);
    }

    [Fact]
    public async Task Stop_CancelsRunningReconciles_AndDrainsTheWorkers()
    {
        var cancelled = new TaskCompletionSource();
        _reconciler.Behaviour = async (_, _, ct) =>
        {
            await using (ct.Register(() => cancelled.TrySetResult()))
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return ReconcileResult.Done;
        };
        Start();
        await Eventually.TrueAsync(() => _reconciler.CallsFor(s_a) == 1, "reconcile running");

        await _stop.CancelAsync();

        await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(cancelled.Task.IsCompleted);
        Assert.True(_controller.Queue.IsShuttingDown);
    }

    [Fact]
    public async Task Reconcile_PastItsDeadline_IsCancelled_CountsAsAFailure_AndFreesTheWorker()
    {
        using var errors = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            RuntimeMetrics.ControllerMeter, "reconcile_errors_total");
        _reconciler.Behaviour = async (_, call, ct) =>
        {
            if (call == 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return ReconcileResult.Done;
        };
        Start();
        await Eventually.TrueAsync(() => _reconciler.CallsFor(s_a) == 1, "reconcile running");

        _time.Advance(TimeSpan.FromSeconds(59));
        var beforeDeadline = _controller.Queue.Requeues(s_a);
        _time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => _controller.Queue.Requeues(s_a) == 1, "timed-out reconcile backed off");
        await Eventually.TrueAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning), "warned");
        Assert.Equal(0, beforeDeadline);
        var warning = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("ns/a", warning.Message, StringComparison.Ordinal);
        Assert.Contains("deadline", warning.Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => errors.GetMeasurementSnapshot().Count == 1, "counted as an error");
        await AdvanceUntilAsync(() => _reconciler.CallsFor(s_a) == 2);
        await Eventually.TrueAsync(() => _controller.Queue.Requeues(s_a) == 0, "the retry succeeded");
    }

    [Fact]
    public async Task Reconcile_IgnoringItsDeadline_IsStuckAfterTwiceIt_AndFailsLiveness()
    {
        var release = new TaskCompletionSource();
        _reconciler.Behaviour = async (_, call, _) =>
        {
            if (call == 1)
            {
                await release.Task;
            }

            return ReconcileResult.Done;
        };
        var liveness = new ReconcileLivenessCheck(new ControllerHost([_controller]));
        Start();
        // Released however the test ends, so the controller can drain at dispose.
        using var releaseOnFailure = new ReleaseOnDispose(release);
        await Eventually.TrueAsync(() => _reconciler.CallsFor(s_a) == 1, "reconcile running");

        _time.Advance(TimeSpan.FromMinutes(2));
        var atTwiceTheDeadline = await liveness.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(1));
        var past = await liveness.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, atTwiceTheDeadline.Status);
        Assert.Equal(HealthStatus.Unhealthy, past.Status);
        Assert.Contains("secrets", past.Description, StringComparison.Ordinal);
        Assert.Equal([s_a], _controller.StuckReconciles());
        release.TrySetResult();
        await Eventually.TrueAsync(() => _controller.StuckReconciles().Count == 0, "the worker came back");
        Assert.Equal(HealthStatus.Healthy, (await liveness.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        await _services.DisposeAsync();
        _stop.Dispose();
    }

    private sealed class ReleaseOnDispose(TaskCompletionSource release) : IDisposable
    {
        public void Dispose() => release.TrySetResult();
    }

    private static V1Secret Owned(string name, string ownerKind, string ownerName, string rv = "7")
    {
        var secret = ScriptedResourceClient.Secret(name, rv);
        secret.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = ownerKind, Name = ownerName, Uid = "uid-" + ownerName, Controller = true }];
        return secret;
    }

    private Informer<V1Secret> NewInformer(ScriptedResourceClient client) =>
        new(client, new InformerOptions(), _time, NullLogger<Informer<V1Secret>>.Instance);

    private void Start()
    {
        Run(_informer.RunAsync);
        Run(_controller.RunAsync);
    }

    private void Run(Func<CancellationToken, Task> run) => _running.Add(Task.Run(() => run(_stop.Token), TestContext.Current.CancellationToken));

    private int FailuresLogged() => _logger.Collector.GetSnapshot().Count(r => r.Exception is InvalidOperationException);

    private Task AdvanceUntilAsync(Func<bool> condition) => Eventually.TrueAsync(() =>
    {
        _time.Advance(TimeSpan.FromMilliseconds(250));
        return condition();
    }, "condition after advancing the clock");
}
