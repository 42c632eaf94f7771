using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Operator.Runtime.Sharding;

namespace Operator.Runtime;

/// <summary>
/// The generic engine: informer events become keys in a <see cref="WorkQueue{TKey}"/>; once every cache has
/// synced, N workers take keys and call the <see cref="IReconciler{T}"/> with the latest cached object (null
/// when it is gone). A failure retries the key with backoff; a RequeueAfter schedules it (the earliest
/// deadline wins); success forgets its failures. The queue guarantees one key is never reconciled twice at once.
/// Every reconcile runs under <see cref="ControllerOptions.ReconcileTimeout"/> (on the injected clock): past it the
/// token is cancelled and the attempt fails; one still running at twice the deadline is reported by
/// <see cref="StuckReconciles"/>, which the liveness check reads.
/// </summary>
internal sealed class Controller<T> : IController
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly ActivitySource s_activity = new("Operator.Runtime");
    private readonly Informer<T> _informer;
    private readonly List<IInformer> _informers;
    private readonly IServiceScopeFactory _scopes;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RuntimeMetrics? _metrics;
    private readonly ConcurrentDictionary<ObjectKey, DateTimeOffset> _inFlight = new();
    private HeldShards? _shards;
    private OwnWrites? _ownWrites;

    public Controller(string name, Informer<T> informer, IServiceScopeFactory scopes, ControllerOptions options, TimeProvider time,
        ILogger<Controller<T>> logger, RuntimeMetrics? metrics = null)
    {
        Name = name;
        _informer = informer;
        _informers = [informer];
        _scopes = scopes;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ReconcileTimeout, TimeSpan.Zero);
        Queue = new WorkQueue<ObjectKey>(name, time, options.FailureBackoff, metrics);
        informer.AddHandler(ev =>
        {
            var key = ObjectKey.Of(ev.Object);
            if (_ownWrites is { } writes)
            {
                writes.Observe(key, ev.Type, ev.Object.ResourceVersion(), () => Queue.Add(key));
            }
            else
            {
                Queue.Add(key);
            }
        });
    }

    public string Name { get; }

    public WorkQueue<ObjectKey> Queue { get; }

    public IReadOnlyList<IInformer> Informers => _informers;

    /// <summary>Keys whose reconcile started more than twice <see cref="ControllerOptions.ReconcileTimeout"/> ago and still runs.</summary>
    public IReadOnlyList<ObjectKey> StuckReconciles()
    {
        var since = _time.GetUtcNow() - (2 * _options.ReconcileTimeout);
        return [.. _inFlight.Where(r => r.Value < since).Select(r => r.Key)];
    }

    /// <summary>
    /// Skips the watch events of the reconciler's own writes of the objects themselves (its status patches), as recorded in
    /// <paramref name="writes"/>: the reconcile that wrote already knows the result, so only others' changes reconcile again.
    /// </summary>
    public Controller<T> IgnoringOwnWrites(OwnWrites writes)
    {
        _ownWrites = writes;
        return this;
    }

    /// <summary>
    /// Reconciles the owner when an owned object changes: the key of its controller ownerReference, if that
    /// owner is of this controller's kind (and, owned objects being namespaced, in the same namespace). With
    /// <paramref name="ownWrites"/>, the events of the reconciler's own writes of owned objects are skipped.
    /// </summary>
    public Controller<T> Owns<TOwned>(Informer<TOwned> owned, OwnWrites? ownWrites = null)
        where TOwned : class, IKubernetesObject<V1ObjectMeta>
    {
        var kind = KindOf();
        _informers.Add(owned);
        owned.AddHandler(ev =>
        {
            var owner = ev.Object.GetController();
            if (owner is null || owner.Kind != kind)
            {
                return;
            }

            var ownerKey = new ObjectKey(ev.Object.Namespace(), owner.Name);
            if (ownWrites is null)
            {
                Queue.Add(ownerKey);
            }
            else
            {
                ownWrites.Observe(ObjectKey.Of(ev.Object), ev.Type, ev.Object.ResourceVersion(), () => Queue.Add(ownerKey));
            }
        });
        return this;
    }

    /// <summary>
    /// Reconciles the objects <paramref name="map"/> names when an object of another kind changes (controller-runtime's
    /// <c>EnqueueRequestsFromMapFunc</c>): for kinds that refer to ours by name rather than by ownerReference. The map runs
    /// on the informer's loop, so it must be cheap (an index lookup) and must not keep the object.
    /// </summary>
    public Controller<T> Watches<TOther>(Informer<TOther> other, Func<InformerEvent<TOther>, IEnumerable<ObjectKey>> map)
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        _informers.Add(other);
        other.AddHandler(ev =>
        {
            foreach (var key in map(ev))
            {
                Queue.Add(key);
            }
        });
        return this;
    }

    /// <summary>
    /// Reconciles only the keys of the shards this replica holds (by namespace, <see cref="HeldShards"/>): a key of another
    /// shard is dropped when a worker takes it, and each shard taken enqueues its cached keys. A reconcile under way when
    /// its shard is lost finishes; none starts after.
    /// </summary>
    public Controller<T> ShardedBy(HeldShards shards)
    {
        _shards = shards;
        shards.Acquired += shard =>
        {
            foreach (var key in _informer.Cache.Keys.Where(k => shards.ShardOf(k) == shard))
            {
                Queue.Add(key);
            }
        };
        return this;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _logger.WaitingForSync(Name);
        using (var syncTimeout = new CancellationTokenSource(_options.CacheSyncTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, syncTimeout.Token))
        {
            await Task.WhenAll(_informers.Select(i => i.WaitForSyncAsync(linked.Token))).ConfigureAwait(false);
        }

        _logger.StartingWorkers(Name, _options.MaxConcurrentReconciles);
        var workers = Enumerable.Range(0, _options.MaxConcurrentReconciles)
            .Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None))
            .ToArray();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // Shutdown order matters: stop handing out keys, then let running reconciles see the cancellation and end.
        Queue.ShutDown();
        await Task.WhenAll(workers).ConfigureAwait(false);
        _logger.Stopped(Name);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var (key, shutDown) = await Queue.GetAsync(CancellationToken.None).ConfigureAwait(false);
            if (shutDown)
            {
                return;
            }

            try
            {
                if (_shards?.Holds(key) == false)
                {
                    // Another replica's (or nobody's yet): dropped with its backoff; taking the shard enqueues it again.
                    Queue.Forget(key);
                    continue;
                }

                await ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["key"] = key.ToString(), ["reconcileId"] = Guid.NewGuid() });
        using var activity = s_activity.StartActivity($"reconcile {Name}");
        activity?.SetTag("key", key.ToString());
        var started = _time.GetTimestamp();
        string outcome;
        // The queue never hands one key to two workers, so the key identifies this reconcile while it runs.
        _inFlight[key] = _time.GetUtcNow();
        using var deadline = new CancellationTokenSource(_options.ReconcileTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await using var services = _scopes.CreateAsyncScope();
            var reconciler = services.ServiceProvider.GetRequiredService<IReconciler<T>>();
            var result = await reconciler.ReconcileAsync(key, _informer.Cache.Get(key), linked.Token).ConfigureAwait(false);
            Queue.Forget(key);
            if (result.RequeueAfter is { } delay)
            {
                Queue.AddAfter(key, delay);
            }

            outcome = result.RequeueAfter is null ? ReconcileOutcome.Success : ReconcileOutcome.RequeueAfter;
            _logger.Reconciled(key.ToString(), result.RequeueAfter);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception) when (deadline.IsCancellationRequested)
        {
            // Whatever the cancellation surfaced as (a cancelled call, a wrapped one), the deadline is the cause.
            outcome = TimedOut(key);
        }
        catch (Exception ex)
        {
            outcome = Failed(key, ex);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }

        _metrics?.ReconcileCompleted(Name, outcome, _time.GetElapsedTime(started));
    }

    private string TimedOut(ObjectKey key)
    {
        var attempt = Queue.Requeues(key);
        Queue.AddRateLimited(key);
        _logger.ReconcileTimedOut(key.ToString(), Name, _options.ReconcileTimeout, attempt + 1);
        return ReconcileOutcome.Error;
    }

    private string Failed(ObjectKey key, Exception ex)
    {
        // A result's RequeueAfter is ignored on failure, as in controller-runtime: the backoff decides.
        var attempt = Queue.Requeues(key);
        Queue.AddRateLimited(key);
        if (ApiErrors.IsConflict(ex))
        {
            _logger.Conflict(key.ToString());
            return ReconcileOutcome.Conflict;
        }

        if (ApiErrors.IsExpected(ex))
        {
            _logger.ReconcileApiError(key.ToString(), Name, ApiErrors.Describe(ex), attempt + 1);
        }
        else
        {
            _logger.ReconcileFailed(ex, key.ToString(), Name, attempt + 1);
        }
        return ReconcileOutcome.Error;
    }

    private static string KindOf() =>
        typeof(T).GetCustomAttributes(typeof(KubernetesEntityAttribute), false).OfType<KubernetesEntityAttribute>().FirstOrDefault()?.Kind
        ?? typeof(T).Name;
}
