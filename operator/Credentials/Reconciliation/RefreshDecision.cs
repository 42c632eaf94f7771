using Operator.Api.V1Alpha1;
using Operator.Credentials.Secrets;

namespace Operator.Credentials.Reconciliation;

/// <summary>Whether an owned (or absent) Secret needs a new credential now, and why.</summary>
internal static class RefreshDecision
{
    public static IssueReason Decide(SecretOwnership ownership, ManagedSecretState? state, string specHash, DateTimeOffset now) =>
        (ownership, state) switch
        {
            (SecretOwnership.Absent, _) => IssueReason.FirstIssue,
            (_, null) => IssueReason.Drift,
            (_, { DataIntact: false }) => IssueReason.Drift,
            (_, { } s) when s.SpecHash != specHash => IssueReason.SpecChanged,
            (_, { } s) when now >= s.RefreshAt || now >= s.ExpiresAt => IssueReason.RefreshDue,
            _ => IssueReason.None,
        };

    /// <summary>
    /// True while a failed attempt's retry time (kept in status.refreshAt) has not come and the spec is unchanged.
    /// Writing the failure into status is itself a watch event; without this gate every failure would trigger
    /// the next attempt at once, defeating the backoff (external-secrets#6728: broken objects hammering a quota).
    /// Keeping the time in status also keeps the backoff across operator restarts.
    /// </summary>
    public static bool RetryPending(DelegatedCredential credential, DateTimeOffset now) =>
        credential.Status is { Failures: > 0, RefreshAt: { } retryAt } status
        && status.ObservedGeneration == credential.Metadata.Generation
        && now < retryAt;
}
