namespace Operator.Credentials.Identity;

/// <summary>
/// What an identity provider obtained from its cloud for a ServiceAccount: a principal (for status and
/// audits) and, in the subclass, the cloud's own short-lived credentials, which targets turn into Secret data.
/// Subclasses must keep secret material out of <see cref="object.ToString"/>.
/// </summary>
internal abstract record CloudIdentity(string Provider, string Principal, DateTimeOffset ExpiresAt);

/// <summary>
/// A provider's resolved request: who to become and with which token audience. <see cref="Fingerprint"/>
/// goes into the spec hash, so a change of the ServiceAccount's annotations re-issues.
/// </summary>
internal abstract record IdentityRequest(string Audience)
{
    public abstract string Fingerprint { get; }

    /// <summary>The cloud service this request goes to, the unit of exchange rate limiting.</summary>
    public abstract string Endpoint { get; }
}
