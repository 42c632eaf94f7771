namespace Operator.Credentials.Throttling;

/// <summary>
/// A token bucket whose waiters are served in <see cref="TurnQueue{T}"/> order: earliest deadline first within a
/// namespace, capacity shared across namespaces in rounds. Hand-written because System.Threading.RateLimiting's
/// <c>TokenBucketRateLimiter</c> queues only by arrival (oldest or newest first) and its partitioned limiter gives
/// each partition its own bucket, not a share of one; neither can order by deadline nor share one endpoint's
/// capacity fairly (external-secrets#4180: new objects waiting behind thousands of refreshes). Time comes from
/// <see cref="TimeProvider"/>, so tests move a fake clock.
/// </summary>
internal sealed class TokenBucket(int capacity, TimeSpan perToken, TimeProvider time) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TurnQueue<TaskCompletionSource> _waiting = new();
    private double _tokens = capacity;
    private long _refilledAt = time.GetTimestamp();
    private ITimer? _timer;
    private bool _disposed;

    public Task WaitAsync(ExchangeTurn turn, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_disposed || cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : new CancellationToken(true));
            }

            Refill();
            if (_waiting.Count == 0 && _tokens >= 1)
            {
                _tokens--;
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var entry = _waiting.Enqueue(turn, waiter);

            // A cancelled waiter leaves the line at once: it spends no token, and a tenant's abandoned waits do not
            // pile up until tokens come.
            var registration = cancellationToken.Register(() => Cancel(entry, cancellationToken));
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ArmTimer();
            return waiter.Task;
        }
    }

    /// <summary>
    /// Gives back a token that was granted but not used (the exchange was cancelled before its call), so that
    /// the next waiter gets it now. Never above capacity.
    /// </summary>
    public void Return()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            Refill();
            _tokens = Math.Min(capacity, _tokens + 1);
            Release();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
            while (_waiting.TryDequeue(out var waiter))
            {
                waiter.TrySetCanceled();
            }
        }
    }

    private void Cancel(TurnQueue<TaskCompletionSource>.Entry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_waiting.Remove(entry))
            {
                entry.Value.TrySetCanceled(cancellationToken);
            }
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                Refill();
                Release();
            }
        }
    }

    private void Release()
    {
        while (_tokens >= 1 && _waiting.TryDequeue(out var waiter))
        {
            if (waiter.TrySetResult())
            {
                _tokens--;
            }
        }

        if (_waiting.Count > 0)
        {
            ArmTimer();
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(capacity, _tokens + (time.GetElapsedTime(_refilledAt, now) / perToken));
        _refilledAt = now;
    }

    private void ArmTimer()
    {
        var untilNext = _tokens >= 1 ? TimeSpan.Zero : perToken * (1 - _tokens);
        _timer ??= time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(untilNext < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : untilNext, Timeout.InfiniteTimeSpan);
    }
}
