using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Azure;

namespace Operator.Credentials.Targets.SingleStore;

/// <summary>
/// Azure: <c>Authorization: Bearer</c> with an Entra access token whose <c>aud</c> is exactly
/// <c>https://management.azure.com/</c> (docs/protocols.md §2.2, §2.3); the identity asked Entra for
/// <see cref="EntraScopes.SingleStore"/>. SingleStore takes the token's <c>oid</c> as the principal.
/// </summary>
internal sealed class AzureSingleStoreIdentityProof : ISingleStoreIdentityProof
{
    public bool Accepts(CloudIdentity identity) => identity is AzureCloudIdentity;

    public async Task<Attempt<IReadOnlyList<KeyValuePair<string, string>>>> HeadersAsync(
        TargetContext context, Uri serverUrl, CancellationToken cancellationToken)
    {
        var token = await context.Identity.Require<IAccessTokenSource>().GetAccessTokenAsync([EntraScopes.SingleStore], TimeSpan.Zero, cancellationToken);
        if (!token.Succeeded)
        {
            return token.Failure!;
        }

        IReadOnlyList<KeyValuePair<string, string>> headers = [new("Authorization", $"Bearer {token.Value!.Token}")];
        return new Attempt<IReadOnlyList<KeyValuePair<string, string>>>(headers, null);
    }
}
