namespace Operator.Credentials.Reconciliation;

/// <summary>
/// Which Normal Events a routine refresh records (<c>Operator:Events:Refreshes</c>). A routine refresh is one at its
/// refreshAt, replacing a credential that is still valid, with no failure since the last success: at 10,000 credentials of
/// one-hour lifetimes that is some 15,000 Events an hour, which nobody reads and etcd has to keep. First issues, re-issues
/// (spec changed, data edited, expired) and the first success after failures always get their Event, and Warnings are
/// never affected.
/// </summary>
internal enum RefreshEvents
{
    /// <summary>The default: no Event for a routine refresh; status, metrics and the log still show each one.</summary>
    None,

    /// <summary>One Event per credential with a fixed message, whose count and lastTimestamp each refresh bumps (one PATCH).</summary>
    Aggregated,

    /// <summary>Each refresh records an Event naming the new expiry (the behaviour before this option): one CREATE per refresh.</summary>
    Every,
}

/// <summary>The Events the reconciler records (bound from <c>Operator:Events</c>).</summary>
internal sealed class CredentialEventOptions
{
    public RefreshEvents Refreshes { get; set; } = RefreshEvents.None;

    public IEnumerable<string> Validate(string section)
    {
        if (!Enum.IsDefined(Refreshes))
        {
            yield return $"{section}:Refreshes must be None, Aggregated or Every (got {(int)Refreshes}).";
        }
    }
}
