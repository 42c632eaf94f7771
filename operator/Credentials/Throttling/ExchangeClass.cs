namespace Operator.Credentials.Throttling;

/// <summary>
/// How badly an exchange is needed; within a namespace a lower class is always served first
/// (<see cref="TurnQueue{T}"/>).
/// </summary>
internal enum ExchangeClass
{
    /// <summary>The Secret held this object's credential and holds no valid one any more (expired, or its data damaged): a workload is failing now.</summary>
    Expired = 0,

    /// <summary>No credential for this spec yet (a new object, a spec change, a deleted Secret): someone is waiting for the first one.</summary>
    FirstIssue = 1,

    /// <summary>A scheduled refresh while the last good credential is still valid: it can wait its turn until that expiry.</summary>
    Refresh = 2,
}
