namespace Operator.Credentials.Identity.Kubernetes;

/// <summary>No cloud: the ServiceAccount is the principal.</summary>
internal sealed record ServiceAccountIdentity(string Principal, DateTimeOffset ExpiresAt) : CloudIdentity("kubernetes", Principal, ExpiresAt);
