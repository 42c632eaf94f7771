using Operator.Credentials.Secrets;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// When to refresh a credential, and how long to wait after a failed exchange or a Kubernetes API error
/// (docs/behaviour.md §2 and §3). Pure: the clock, the random source and the policy are inputs.
/// </summary>
internal static class RefreshSchedule
{
    /// <summary>Exchange retry delays start here and double per consecutive failure, up to the policy's caps.</summary>
    public static readonly TimeSpan InitialRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>expiresAt − refreshBefore − jitter</c>, where <paramref name="refreshBefore"/> defaults to a third of the
    /// granted lifetime and is capped at half of it, and the jitter is uniform in [0, 10 % of the lifetime). The
    /// jitter only ever moves the refresh earlier, but never sooner than <see cref="RetryPolicy.MinRefreshInterval"/>
    /// after <paramref name="issuedAt"/>: a lifetime of a second must not turn into a refresh loop.
    /// </summary>
    /// <param name="expiresAt">The expiry the issuer granted (which may be shorter than what was asked).</param>
    public static RefreshPlan Plan(
        DateTimeOffset issuedAt, DateTimeOffset expiresAt, TimeSpan? refreshBefore, Random random, RetryPolicy policy)
    {
        var lifetime = expiresAt - issuedAt;
        var notes = new List<string>();
        if (lifetime < policy.MinLifetime)
        {
            notes.Add($"The issuer granted {Seconds(lifetime)}, below the {Seconds(policy.MinLifetime)} a credential should live; " +
                $"it is refreshed no sooner than every {Seconds(policy.MinRefreshInterval)}, so it may expire before the refresh.");
        }

        var before = refreshBefore ?? lifetime / 3;
        if (refreshBefore is { } asked && asked > lifetime / 2 && lifetime > TimeSpan.Zero)
        {
            notes.Add($"spec.refreshBefore {Seconds(asked)} is more than half the granted lifetime ({Seconds(lifetime)}); " +
                $"refreshing {Seconds(lifetime / 2)} before expiry instead.");
        }

        before = Clamp(before, TimeSpan.Zero, lifetime > TimeSpan.Zero ? lifetime / 2 : TimeSpan.Zero);
        var jitter = lifetime > TimeSpan.Zero ? lifetime * 0.1 * random.NextDouble() : TimeSpan.Zero;
        var refreshAt = expiresAt - before - jitter;
        var earliest = issuedAt + policy.MinRefreshInterval;
        return new RefreshPlan(WholeSecondNotBefore(refreshAt, earliest), notes.Count == 0 ? null : string.Join(" ", notes));
    }

    /// <summary>
    /// The time in whole seconds, as <c>status.refreshAt</c> and the Secret's annotation publish it (metav1.Time): the refresh
    /// is then due exactly when users, alerts and a restarted operator read it is, instead of up to a second after (the
    /// fleet benchmark measured that second as lateness). Down to the second, unless that falls before
    /// <paramref name="earliest"/>; then the first whole second not before it.
    /// </summary>
    private static DateTimeOffset WholeSecondNotBefore(DateTimeOffset time, DateTimeOffset earliest)
    {
        var whole = ManagedSecret.WholeSeconds(time);
        if (whole >= earliest)
        {
            return whole;
        }

        var floor = ManagedSecret.WholeSeconds(earliest);
        return floor == earliest ? floor : floor + TimeSpan.FromSeconds(1);
    }

    /// <summary>
    /// How long to wait before retrying after <paramref name="failures"/> consecutive failed exchanges: capped
    /// exponential backoff with jitter in [½·d, d], never below <see cref="RetryPolicy.Floor"/>. While a credential
    /// is still valid the cap shrinks with the time left (a tenth of it, between the floor and
    /// <see cref="RetryPolicy.MaxDelay"/>), so retries tighten as expiry nears; without a valid credential the cap is
    /// <see cref="RetryPolicy.ExpiredCadence"/>, so recovery follows the endpoint within that. A Retry-After the
    /// endpoint sent is honoured.
    /// </summary>
    /// <param name="expiresAt">The expiry of the credential currently in the Secret, if any.</param>
    public static TimeSpan RetryDelay(
        int failures, DateTimeOffset now, DateTimeOffset? expiresAt, Random random, RetryPolicy policy, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var cap = expiresAt is { } expiry && expiry > now
            ? Clamp((expiry - now) / 10, policy.Floor, policy.MaxDelay)
            : policy.ExpiredCadence;

        // 2^(failures-1) overflows quickly; past 2^20 the cap has long been reached.
        var exponential = InitialRetryDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        var delay = exponential < cap ? exponential : cap;
        var jittered = delay / 2 + delay / 2 * random.NextDouble();
        jittered = jittered < policy.Floor ? policy.Floor : jittered;
        return retryAfter is { } after && after > jittered ? after : jittered;
    }

    /// <summary>
    /// How long to wait after <paramref name="errors"/> consecutive Kubernetes API errors: its own short schedule
    /// (doubling from <see cref="RetryPolicy.ApiErrorDelay"/> up to <see cref="RetryPolicy.ApiErrorMaxDelay"/>, jitter
    /// in [½·d, d]), and never past <paramref name="deadline"/>, the credential's next refresh or expiry.
    /// </summary>
    public static TimeSpan ApiErrorDelay(int errors, DateTimeOffset now, DateTimeOffset? deadline, Random random, RetryPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(errors, 1);
        var exponential = policy.ApiErrorDelay * Math.Pow(2, Math.Min(errors - 1, 20));
        var delay = exponential < policy.ApiErrorMaxDelay ? exponential : policy.ApiErrorMaxDelay;
        var jittered = delay / 2 + delay / 2 * random.NextDouble();
        if (deadline is { } due && due > now && due - now < jittered)
        {
            return due - now;
        }

        return jittered;
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds < 120 ? $"{value.TotalSeconds:0.#}s" : $"{value.TotalMinutes:0.#}m";

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}
