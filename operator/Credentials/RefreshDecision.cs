namespace Operator.Credentials;

internal enum IssueReason
{
    /// <summary>The Secret holds a valid credential for this spec and its refresh time has not come.</summary>
    None,
    FirstIssue,
    SpecChanged,
    Drift,
    RefreshDue,
}

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
}
