namespace Operator.Credentials.Identity;

/// <summary>
/// What an identity provider obtained from its cloud for a ServiceAccount: a principal (for status and
/// audits) and, in the subclass, the cloud's own short-lived credentials, which targets turn into Secret data.
/// Subclasses must keep secret material out of <see cref="object.ToString"/>.
/// </summary>
internal abstract record CloudIdentity(string Provider, string Principal, DateTimeOffset ExpiresAt);
