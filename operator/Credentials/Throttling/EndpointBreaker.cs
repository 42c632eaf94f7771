namespace Operator.Credentials.Throttling;

/// <summary>
/// One endpoint's circuit breaker. After <see cref="FailureThreshold"/> consecutive transient failures (or one
/// answer with Retry-After) it opens: exchanges are refused without a call, so an outage costs the endpoint a
/// probe per interval instead of a retry per credential. When the interval is over, one caller probes; its success
/// closes the breaker, its failure opens it again for twice as long (up to its maximum, the expired-credential cadence).
/// </summary>
/// <remarks>Hand-written: Polly's breaker would fit, but it is not among this project's packages and the state
/// machine is small; it is driven by the operator's <see cref="TimeProvider"/> so tests move a fake clock.</remarks>
/// <param name="onClosed">Called (outside the lock) when a probe's success closes an open breaker.</param>
internal sealed class EndpointBreaker(TimeProvider time, TimeSpan firstOpen, TimeSpan maxOpen, Action? onClosed = null)
{
    public const int FailureThreshold = 3;

    /// <summary>A probe that never reports back (its reconcile was cancelled) stops blocking after this.</summary>
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromMinutes(2);

    private readonly Lock _lock = new();
    private int _failures;
    private TimeSpan _openFor;
    private DateTimeOffset _openUntil;
    private DateTimeOffset _probeStarted;

    public BreakerState State { get; private set; } = BreakerState.Closed;

    /// <summary>How long the breaker opens next: the first interval until a probe fails, then doubling.</summary>
    private TimeSpan OpenFor => _openFor > TimeSpan.Zero ? _openFor : firstOpen;

    public BreakerAdmission TryAdmit()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            switch (State)
            {
                case BreakerState.Open when now < _openUntil:
                    return new BreakerAdmission(false, _openUntil);
                case BreakerState.HalfOpen when now - _probeStarted < s_probeTimeout:
                    return new BreakerAdmission(false, now + firstOpen);
                case BreakerState.Open or BreakerState.HalfOpen:
                    State = BreakerState.HalfOpen;
                    _probeStarted = now;
                    return new BreakerAdmission(true, null);
                default:
                    return new BreakerAdmission(true, null);
            }
        }
    }

    /// <summary>A probe admitted but not sent (another breaker refused the exchange): the next caller may probe.</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            if (State == BreakerState.HalfOpen)
            {
                State = BreakerState.Open;
                _openUntil = time.GetUtcNow();
            }
        }
    }

    public void Succeeded()
    {
        bool reopened;
        lock (_lock)
        {
            reopened = State != BreakerState.Closed;
            State = BreakerState.Closed;
            _failures = 0;
            _openFor = TimeSpan.Zero;
        }

        if (reopened)
        {
            onClosed?.Invoke();
        }
    }

    /// <param name="retryAfter">The endpoint's own Retry-After: it opens the breaker for at least that long at once.</param>
    public void Failed(TimeSpan? retryAfter)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _failures++;
            if (State == BreakerState.HalfOpen)
            {
                var longer = OpenFor * 2;
                _openFor = longer < maxOpen ? longer : maxOpen;
                Open(now, retryAfter);
            }
            else if (State == BreakerState.Closed && (_failures >= FailureThreshold || retryAfter is not null))
            {
                Open(now, retryAfter);
            }
            else if (State == BreakerState.Open && retryAfter is { } after && now + after > _openUntil)
            {
                _openUntil = now + after;
            }
        }
    }

    private void Open(DateTimeOffset now, TimeSpan? retryAfter)
    {
        State = BreakerState.Open;
        var interval = retryAfter is { } after && after > OpenFor ? after : OpenFor;
        _openUntil = now + interval;
    }
}
