namespace Operator.Runtime;

/// <summary>The delaying and rate-limiting half of the queue: deadlines on one timer, per-key failure backoff.</summary>
internal sealed partial class WorkQueue<TKey>
{
    /// <summary>Adds the key once <paramref name="delay"/> has passed; an earlier pending deadline wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested || _dirty.Contains(key))
            {
                return;
            }

            var readyAt = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing) && existing <= readyAt)
            {
                return;
            }

            _waiting[key] = readyAt;
            _deadlines.Enqueue(key, readyAt);
            RescheduleTimerLocked();
        }
    }

    /// <summary>Adds the key after its per-key backoff, which grows with each call until <see cref="Forget"/>.</summary>
    public void AddRateLimited(TKey key)
    {
        int attempt;
        lock (_lock)
        {
            attempt = _failures.GetValueOrDefault(key);
            _failures[key] = attempt + 1;
        }

        _metrics?.QueueRetried(_name);
        AddAfter(key, _backoff.Delay(attempt));
    }

    /// <summary>Stops backing off the key: its next failure starts again from the initial delay.</summary>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    public int Requeues(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    private void PromoteDue()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_deadlines.TryPeek(out var key, out var readyAt) && readyAt <= now)
            {
                _deadlines.Dequeue();
                if (_waiting.TryGetValue(key, out var current) && current == readyAt)
                {
                    _waiting.Remove(key);
                    AddLocked(key);
                }
            }

            RescheduleTimerLocked();
        }
    }

    private void RescheduleTimerLocked()
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }

        if (_deadlines.TryPeek(out _, out var next))
        {
            var due = next - _time.GetUtcNow();
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
