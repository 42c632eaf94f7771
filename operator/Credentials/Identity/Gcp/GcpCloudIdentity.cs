namespace Operator.Credentials.Identity.Gcp;

/// <summary>
/// A federated token from Google STS and, when a Google service account is named, the means to act as it. The principal
/// (<c>status.identity</c>) is the service account's email, or the federated principal when nothing is impersonated.
/// The federated token stays out of <see cref="ToString"/>.
/// </summary>
internal sealed record GcpCloudIdentity(string Principal, BearerToken Federated, GcpIdentityRequest Request, GoogleWorkloadIdentity Google)
    : CloudIdentity(GcpIdentityProvider.ProviderName, Principal, Federated.ExpiresAt), IAccessTokenSource, IIdTokenSource
{
    /// <summary>ID tokens need a service account: a federated principal has no Google-signed identity of its own.</summary>
    public override IdentityCapabilities Capabilities => Request.ServiceAccountEmail is null
        ? IdentityCapabilities.GoogleAccessToken
        : IdentityCapabilities.GoogleAccessToken | IdentityCapabilities.GoogleIdToken;

    public Task<Attempt<BearerToken>> GetAccessTokenAsync(IReadOnlyList<string> scopes, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (Request.ServiceAccountEmail is { } email)
        {
            return Google.GenerateAccessTokenAsync(Federated, email, scopes, lifetime, cancellationToken);
        }

        // Direct resource access: the federated token itself, asked of STS with these scopes (GcpIdentityProvider.Resolve);
        // STS sets its lifetime.
        return Task.FromResult(scopes.All(Request.StsScopes.Contains)
            ? new Attempt<BearerToken>(Federated, null)
            : new Attempt<BearerToken>(null, ExchangeFailure.InvalidSpec("The federated token was not asked for these scopes.")));
    }

    /// <summary>An ID token with the email claims (what SingleStore reads, and <c>gcpIdToken</c>'s default).</summary>
    public Task<Attempt<BearerToken>> GetIdTokenAsync(string audience, TimeSpan lifetime, CancellationToken cancellationToken) =>
        GetIdTokenAsync(audience, includeEmail: true, cancellationToken);

    public Task<Attempt<BearerToken>> GetIdTokenAsync(string audience, bool includeEmail, CancellationToken cancellationToken) =>
        Request.ServiceAccountEmail is { } email
            ? Google.GenerateIdTokenAsync(Federated, email, audience, includeEmail, cancellationToken)
            : Task.FromResult(new Attempt<BearerToken>(null, ExchangeFailure.InvalidSpec(GcpIdentityProvider.NoServiceAccountForIdTokens)));

    public override string ToString() =>
        $"GcpCloudIdentity {{ Principal = {Principal}, ExpiresAt = {ExpiresAt:O}, ServiceAccount = {Request.ServiceAccountEmail ?? "(none)"} }}";
}
