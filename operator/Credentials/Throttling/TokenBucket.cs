namespace Operator.Credentials.Throttling;

/// <summary>
/// A token bucket whose waiters are served by priority, then in arrival order. Hand-written because
/// System.Threading.RateLimiting has no per-request priority, and first issues must go ahead of routine
/// refreshes (external-secrets#4180: new objects waiting behind thousands of refreshes). Time comes from
/// <see cref="TimeProvider"/>, so tests move a fake clock.
/// </summary>
internal sealed class TokenBucket(int capacity, TimeSpan perToken, TimeProvider time) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<TaskCompletionSource, (ExchangePriority Priority, long Arrival)> _waiting = new();
    private double _tokens = capacity;
    private long _refilledAt = time.GetTimestamp();
    private long _arrivals;
    private ITimer? _timer;

    public Task WaitAsync(ExchangePriority priority, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Refill();
            if (_waiting.Count == 0 && _tokens >= 1)
            {
                _tokens--;
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter, (priority, _arrivals++));
            var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ArmTimer();
            return waiter.Task;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            while (_waiting.TryDequeue(out var waiter, out _))
            {
                waiter.TrySetCanceled();
            }
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            Refill();

            // A cancelled waiter is skipped without spending a token.
            while (_tokens >= 1 && _waiting.TryDequeue(out var waiter, out _))
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
        _timer ??= time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(untilNext < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : untilNext, Timeout.InfiniteTimeSpan);
    }
}
