namespace Operator.Credentials.Throttling;

internal enum ExchangePriority
{
    /// <summary>No valid credential in the Secret (first issue, spec change, drift, expiry): someone is waiting.</summary>
    Urgent = 0,

    /// <summary>A scheduled refresh while the credential is still valid: it can wait its turn.</summary>
    Routine = 1,
}
