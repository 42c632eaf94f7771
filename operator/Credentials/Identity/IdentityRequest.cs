namespace Operator.Credentials.Identity;

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
