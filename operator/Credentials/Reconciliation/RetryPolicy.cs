namespace Operator.Credentials.Reconciliation;

/// <summary>
/// How politely the operator retries and how short a credential's life may be (bound from <c>Operator:Retry</c>).
/// The defaults are the product's promise (docs/behaviour.md §3): no exchange retry sooner than
/// <see cref="Floor"/>, an expired credential retried every <see cref="ExpiredCadence"/> or so, Kubernetes API
/// errors retried on their own short schedule. Tests shrink them to run on a real clock.
/// </summary>
internal sealed class RetryPolicy
{
    /// <summary>No exchange is retried sooner than this after a failure, however close the expiry.</summary>
    public TimeSpan Floor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between attempts once there is no valid credential (expired, or never issued).</summary>
    public TimeSpan ExpiredCadence { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts while the Secret still holds a valid credential far from expiry.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first wait after a Kubernetes API error (409, 429, 5xx, a dropped connection); it doubles per error.</summary>
    public TimeSpan ApiErrorDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait after Kubernetes API errors: well below any refresh margin.</summary>
    public TimeSpan ApiErrorMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A granted lifetime shorter than this is reported in the status message (a misconfigured issuer).</summary>
    public TimeSpan MinLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>No credential is refreshed sooner than this after it was issued, so a tiny lifetime cannot make a hot loop.</summary>
    public TimeSpan MinRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong with these options, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (Floor <= TimeSpan.Zero || ExpiredCadence < Floor || MaxDelay < ExpiredCadence)
        {
            yield return $"{section} needs 0 < Floor <= ExpiredCadence <= MaxDelay (got {Floor}, {ExpiredCadence}, {MaxDelay}).";
        }

        if (ApiErrorDelay <= TimeSpan.Zero || ApiErrorMaxDelay < ApiErrorDelay)
        {
            yield return $"{section} needs 0 < ApiErrorDelay <= ApiErrorMaxDelay (got {ApiErrorDelay}, {ApiErrorMaxDelay}).";
        }

        if (MinLifetime < TimeSpan.Zero || MinRefreshInterval < TimeSpan.Zero)
        {
            yield return $"{section}:MinLifetime and {section}:MinRefreshInterval must not be negative.";
        }
    }
}
