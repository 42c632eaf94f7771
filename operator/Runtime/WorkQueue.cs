namespace Operator.Runtime;

/// <summary>
/// A key queue with client-go's guarantees:
/// <list type="bullet">
/// <item>a key waiting in the queue is held once, however often it is added (dirty set);</item>
/// <item>a key being processed is never handed to a second worker; an add meanwhile re-queues it once after
/// <see cref="Done"/> (processing set), so no change is lost and none is processed twice at once;</item>
/// <item><see cref="AddAfter"/> keeps the earliest deadline, and an immediate add clears the delay;</item>
/// <item><see cref="AddRateLimited"/> backs off per key until <see cref="Forget"/>.</item>
/// </list>
/// All waiting runs on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, DateTimeOffset> _enqueuedAt = [];
    private readonly Dictionary<TKey, DateTimeOffset> _waiting = [];
    private readonly PriorityQueue<TKey, DateTimeOffset> _deadlines = new();
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _time;
    private readonly Backoff _backoff;
    private readonly RuntimeMetrics? _metrics;
    private readonly string _name;
    private readonly ITimer _timer;

    public WorkQueue(string name, TimeProvider time, Backoff? backoff = null, RuntimeMetrics? metrics = null)
    {
        _name = name;
        _time = time;
        _backoff = backoff ?? new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        _metrics = metrics;
        metrics?.TrackQueue(name, () => Depth);
        _timer = time.CreateTimer(_ => PromoteDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys ready to be handed out (not counting those waiting for a deadline or being processed).</summary>
    public int Depth
    {
        get { lock (_lock) { return _queue.Count; } }
    }

    public bool IsShuttingDown => _shutdown.IsCancellationRequested;

    public void Add(TKey key)
    {
        lock (_lock)
        {
            // An immediate add supersedes any pending delay; the stale heap entry is skipped when it surfaces.
            _waiting.Remove(key);
            AddLocked(key);
        }
    }

    /// <summary>
    /// Waits for a key and marks it as processing. Returns <c>(default, true)</c> once the queue is shut down and
    /// holds no ready key. The caller must call <see cref="Done"/> for every key it receives.
    /// </summary>
    public async Task<(TKey? Key, bool ShutDown)> GetAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        while (true)
        {
            lock (_lock)
            {
                if (_queue.TryDequeue(out var key))
                {
                    return (TakeLocked(key), false);
                }

                if (_shutdown.IsCancellationRequested)
                {
                    return (default, true);
                }
            }

            try
            {
                await _available.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Shut down: loop once more to hand out what is still queued, then report shutdown.
            }
        }
    }

    /// <summary>Ends processing of the key; if it was added meanwhile it goes back into the queue now.</summary>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key))
            {
                EnqueueLocked(key);
            }
        }
    }

    /// <summary>Stops accepting keys and wakes every waiting <see cref="GetAsync"/>; queued keys can still be taken.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _shutdown.Cancel();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
        _available.Dispose();
        _shutdown.Dispose();
    }

    private void AddLocked(TKey key)
    {
        if (_shutdown.IsCancellationRequested || !_dirty.Add(key))
        {
            return;
        }

        _metrics?.QueueAdded(_name);
        if (!_processing.Contains(key))
        {
            EnqueueLocked(key);
        }
    }

    private void EnqueueLocked(TKey key)
    {
        _queue.Enqueue(key);
        _enqueuedAt[key] = _time.GetUtcNow();
        _available.Release();
    }

    private TKey TakeLocked(TKey key)
    {
        _dirty.Remove(key);
        _processing.Add(key);
        if (_enqueuedAt.Remove(key, out var at))
        {
            _metrics?.QueueWaited(_name, _time.GetUtcNow() - at);
        }

        return key;
    }
}
