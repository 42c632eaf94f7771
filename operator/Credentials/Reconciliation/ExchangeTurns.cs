using Operator.Credentials.Secrets;
using Operator.Credentials.Throttling;

namespace Operator.Credentials.Reconciliation;

/// <summary>Where an exchange the reconciler needs stands in the rate limiter's line (docs/behaviour.md §3).</summary>
internal static class ExchangeTurns
{
    /// <param name="lastGood">The Secret's credential for this very spec with its data intact, if any.</param>
    public static ExchangeTurn For(string ns, IssueReason why, ManagedSecretState? lastGood, DateTimeOffset now) =>
        (lastGood, why) switch
        {
            // Still valid: due by its expiry, the deadline that matters; refreshAt only says when it joined the line.
            ({ } valid, _) when now < valid.ExpiresAt => new(ExchangeClass.Refresh, valid.ExpiresAt, ns),

            // Expired: the longest expired first.
            ({ } expired, _) => new(ExchangeClass.Expired, expired.ExpiresAt, ns),

            // Our Secret's data was damaged or its marks removed: a workload reading it has no valid credential now.
            (null, IssueReason.Drift) => new(ExchangeClass.Expired, now, ns),

            // A new object, a spec change or a deleted Secret: in order of arrival.
            _ => new(ExchangeClass.FirstIssue, now, ns),
        };
}
