namespace Operator.Credentials.Reconciliation;

internal enum IssueReason
{
    /// <summary>The Secret holds a valid credential for this spec and its refresh time has not come.</summary>
    None,
    FirstIssue,
    SpecChanged,
    Drift,
    RefreshDue,
}
