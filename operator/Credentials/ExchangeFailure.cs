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

    public static ExchangeFailure InvalidSpec(string message) => new(CredentialReasons.InvalidSpec, message);

    public static ExchangeFailure ServiceAccountNotFound(string ns, string name) =>
        new(CredentialReasons.ServiceAccountNotFound, $"ServiceAccount {ns}/{name} does not exist; create it or fix spec.serviceAccountName.");

    public static ExchangeFailure SecretConflict(string ns, string name) =>
        new(CredentialReasons.SecretConflict,
            $"Secret {ns}/{name} exists and is not managed by this DelegatedCredential; it is left untouched. " +
            "Delete it or choose another spec.secret.name.");
}
