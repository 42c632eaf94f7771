namespace Operator.Credentials.Reconciliation;

/// <param name="RefreshAt">When to refresh.</param>
/// <param name="Note">What the schedule had to bend (a clamped refreshBefore, a lifetime below the floor), for the
/// status message; null when nothing.</param>
internal sealed record RefreshPlan(DateTimeOffset RefreshAt, string? Note);
