namespace Operator.Credentials;

/// <summary>Why an exchange failed, as the Ready condition's reason (docs/behaviour.md §8).</summary>
internal enum ExchangeFailureReason
{
    /// <summary>The cloud refused the identity (token rejected, trust policy does not match): fix the setup.</summary>
    IdentityDenied,

    /// <summary>Anything else (unreachable endpoint, throttling, server error, invalid request): retried with backoff.</summary>
    ExchangeFailed,
}
