namespace Operator.Credentials.Identity.Kubernetes;

/// <summary>
/// No cloud: the ServiceAccount is the principal, and the identity mints its tokens for other audiences through
/// TokenRequest (the <c>serviceAccountToken</c> target, the http target's serviceAccountToken proof).
/// </summary>
internal sealed record ServiceAccountIdentity(
    string Principal,
    DateTimeOffset ExpiresAt,
    Func<string, TimeSpan, CancellationToken, Task<Attempt<ServiceAccountToken>>> Mint)
    : CloudIdentity(ServiceAccountIdentityProvider.ProviderName, Principal, ExpiresAt), IIdTokenSource
{
    public override IdentityCapabilities Capabilities => IdentityCapabilities.KubernetesToken;

    public async Task<Attempt<BearerToken>> GetIdTokenAsync(string audience, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var token = await Mint(audience, lifetime, cancellationToken);
        return token.Succeeded ? new BearerToken(token.Value!.Token, token.Value.ExpiresAt) : token.Failure!;
    }

    public override string ToString() => $"ServiceAccountIdentity {{ Principal = {Principal}, ExpiresAt = {ExpiresAt:O} }}";
}
