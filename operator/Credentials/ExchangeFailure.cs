namespace Operator.Credentials;

/// <summary>
/// Why a credential could not be issued, in words a person can act on. User-caused problems (a missing
/// ServiceAccount, a refused role) are values of this type, not exceptions. <see cref="Message"/> goes into
/// the Ready condition, an event and the logs, so it must already be redacted when built.
/// </summary>
internal sealed record ExchangeFailure(string Reason, string Message)
{
    /// <summary>How long the endpoint asked us to wait (its Retry-After, or an open breaker's next probe).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// The breaker key of an endpoint that refused the exchange without a call (its breaker is open); the object is
    /// woken when that breaker closes (<c>Reconciliation/BreakerWakeups</c>). Null for every other failure.
    /// </summary>
    public string? HeldByBreaker { get; init; }

    /// <summary>
    /// True when the spec alone decides this failure (the checks of <c>Validation/DelegatedCredentialValidator</c> and the
    /// pairs of <c>Identity/ProviderTargetMatrix</c>): only a new generation can change the answer, so it is not retried.
    /// An InvalidSpec that depends on other objects (a ServiceAccount's annotations, a CA bundle's ConfigMap) is false.
    /// </summary>
    public bool AwaitsSpecChange { get; init; }

    /// <summary>
    /// True when the operator's host policy refused the call (<c>Credentials/CloudHttp/HostPolicy</c>: an address it does
    /// not allow, or a redirect). The spec named a host it may not reach, which says nothing about the endpoint's health:
    /// it is retried like any ExchangeFailed (with backoff; no request leaves the operator), but it never counts against
    /// an endpoint's breaker (<c>Reconciliation/CredentialIssuer</c>), which the target's breaker key shares with every
    /// other credential of that target type.
    /// </summary>
    public bool RefusedByHostPolicy { get; init; }

    public static ExchangeFailure InvalidSpec(string message) => new(CredentialReasons.InvalidSpec, message);

    /// <summary>An InvalidSpec the spec alone decides: reported once per generation, never retried.</summary>
    public static ExchangeFailure SpecRefused(string message) => new(CredentialReasons.InvalidSpec, message) { AwaitsSpecChange = true };

    /// <summary>ExchangeFailed because the host policy refused the call (<see cref="RefusedByHostPolicy"/>).</summary>
    public static ExchangeFailure HostPolicyRefusal(string message) =>
        new(CredentialReasons.ExchangeFailed, message) { RefusedByHostPolicy = true };

    public static ExchangeFailure ServiceAccountNotFound(string ns, string name) =>
        new(CredentialReasons.ServiceAccountNotFound, $"ServiceAccount {ns}/{name} does not exist; create it or fix spec.serviceAccountName.");

    /// <summary>The ServiceAccount does not consent (<c>Identity/Kubernetes/ServiceAccountConsent</c>): its edit is a watch event.</summary>
    public static ExchangeFailure NotPermitted(string message) => new(CredentialReasons.NotPermitted, message);

    public static ExchangeFailure SecretConflict(string ns, string name) =>
        new(CredentialReasons.SecretConflict,
            $"Secret {ns}/{name} exists and is not managed by this DelegatedCredential; it is left untouched. " +
            "Delete it or choose another spec.secret.name.");
}
