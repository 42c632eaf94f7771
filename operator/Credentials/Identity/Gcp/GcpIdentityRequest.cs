namespace Operator.Credentials.Identity.Gcp;

/// <param name="WorkloadIdentityProvider">The pool provider's full name, <c>//iam.googleapis.com/projects/N/…/providers/X</c>: STS's <c>audience</c>.</param>
/// <param name="Audience">The ServiceAccount token's <c>aud</c>: one the provider allows.</param>
/// <param name="ServiceAccountEmail">The Google service account to impersonate; null: the federated token is used as it is.</param>
/// <param name="StsScopes">The scopes asked of STS: cloud-platform to impersonate, else the target's own scopes.</param>
/// <param name="StsHost">The STS host, the rate-limit and breaker key.</param>
internal sealed record GcpIdentityRequest(string WorkloadIdentityProvider, string Audience, string? ServiceAccountEmail,
    IReadOnlyList<string> StsScopes, string StsHost)
    : IdentityRequest(Audience)
{
    public override string Endpoint => StsHost;

    public override string Fingerprint =>
        $"gcp|{WorkloadIdentityProvider}|{Audience}|{ServiceAccountEmail}|{string.Join(' ', StsScopes)}";

    /// <summary>
    /// The federated principal Google makes of a Kubernetes subject with the default attribute mapping
    /// (<c>google.subject=assertion.sub</c>): what status shows when nothing is impersonated.
    /// </summary>
    public string PrincipalOf(string subject)
    {
        var path = WorkloadIdentityProvider["//iam.googleapis.com/".Length..];
        var pool = path[..path.IndexOf("/providers/", StringComparison.Ordinal)];
        return $"principal://iam.googleapis.com/{pool}/subject/{subject}";
    }
}
