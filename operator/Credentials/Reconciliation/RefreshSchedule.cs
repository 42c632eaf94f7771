namespace Operator.Credentials.Reconciliation;

/// <summary>
/// When to refresh a credential, and how long to wait after a failed exchange (docs/behaviour.md §2 and §3).
/// Pure: the clock and the random source are inputs.
/// </summary>
internal static class RefreshSchedule
{
    /// <summary>Retry delays start here and double per consecutive failure.</summary>
    public static readonly TimeSpan InitialRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>No retry waits longer than this, however many failures.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Retries never come faster than this, even when a tenth of the remaining validity is less: close to
    /// expiry a retry storm would only add load to an issuer that is already failing.
    /// </summary>
    public static readonly TimeSpan MinRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>expiresAt − refreshBefore − jitter</c>, where <paramref name="refreshBefore"/> defaults to a third of the
    /// granted lifetime and is capped at half of it, and the jitter is uniform in [0, 10 % of the lifetime). The
    /// jitter only ever moves the refresh earlier, and the result is never before <paramref name="issuedAt"/>.
    /// </summary>
    /// <param name="expiresAt">The expiry the issuer granted (which may be shorter than what was asked).</param>
    public static DateTimeOffset RefreshAt(DateTimeOffset issuedAt, DateTimeOffset expiresAt, TimeSpan? refreshBefore, Random random)
    {
        var lifetime = expiresAt - issuedAt;
        if (lifetime <= TimeSpan.Zero)
        {
            return issuedAt;
        }

        var before = refreshBefore ?? lifetime / 3;
        before = Clamp(before, TimeSpan.Zero, lifetime / 2);
        var jitter = lifetime * 0.1 * random.NextDouble();
        var refreshAt = expiresAt - before - jitter;
        return refreshAt < issuedAt ? issuedAt : refreshAt;
    }

    /// <summary>
    /// How long to wait before retrying after <paramref name="failures"/> consecutive failed exchanges: capped
    /// exponential backoff with jitter in [½·d, d]. While a credential is still valid the cap shrinks with the time
    /// left (never more than a tenth of it, but at least <see cref="MinRetryDelay"/>), so retries tighten as
    /// expiry nears instead of sleeping past it. Without a valid credential the normal cap applies.
    /// </summary>
    /// <param name="expiresAt">The expiry of the credential currently in the Secret, if any.</param>
    public static TimeSpan RetryDelay(int failures, DateTimeOffset now, DateTimeOffset? expiresAt, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var cap = MaxRetryDelay;
        if (expiresAt is { } expiry && expiry > now)
        {
            cap = Clamp((expiry - now) / 10, MinRetryDelay, MaxRetryDelay);
        }

        // 2^(failures-1) overflows quickly; past 2^20 the cap has long been reached.
        var exponential = InitialRetryDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        var delay = exponential < cap ? exponential : cap;
        var jittered = delay / 2 + delay / 2 * random.NextDouble();
        return jittered < MinRetryDelay ? MinRetryDelay : jittered;
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}
