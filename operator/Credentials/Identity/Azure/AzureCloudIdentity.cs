namespace Operator.Credentials.Identity.Azure;

/// <summary>
/// An Entra access token for the one scope the target needs (obtained in the provider's step, see <see cref="EntraScopes"/>);
/// the principal is the app's client id and tenant. <see cref="BearerToken"/> keeps the token out of <see cref="object.ToString"/>.
/// </summary>
internal sealed record AzureCloudIdentity(string Principal, string Scope, BearerToken AccessToken)
    : CloudIdentity(AzureIdentityProvider.ProviderName, Principal, AccessToken.ExpiresAt), IAccessTokenSource
{
    public override IdentityCapabilities Capabilities => IdentityCapabilities.EntraAccessToken;

    /// <summary>The token already obtained; Entra chooses the lifetime, so <paramref name="lifetime"/> is not used.</summary>
    public Task<Attempt<BearerToken>> GetAccessTokenAsync(IReadOnlyList<string> scopes, TimeSpan lifetime, CancellationToken cancellationToken) =>
        Task.FromResult<Attempt<BearerToken>>(scopes is [var scope] && scope == Scope
            ? AccessToken
            : new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"The Azure identity holds a token for {Scope}, not for {string.Join(" ", scopes)} (Identity/Azure/EntraScopes disagrees with the target)."));
}
