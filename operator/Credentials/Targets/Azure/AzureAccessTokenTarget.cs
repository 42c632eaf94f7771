using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Azure;

namespace Operator.Credentials.Targets.Azure;

/// <summary>
/// An Entra ID access token for <c>spec.target.azureAccessToken.scope</c> (default
/// <c>https://management.azure.com/.default</c>), as Entra issued it (docs/protocols.md §5.1). Secret keys: <c>token</c>,
/// <c>expiration</c>. Entra chooses the lifetime.
/// </summary>
internal sealed class AzureAccessTokenTarget : ICredentialTarget
{
    public const string TokenKey = "token";
    public const string ExpirationKey = "expiration";

    public string Name => "azureAccessToken";

    public async Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken)
    {
        var scope = EntraScopes.For(context.Resource.Spec.Target);
        var token = await context.Identity.Require<IAccessTokenSource>().GetAccessTokenAsync([scope], TimeSpan.Zero, cancellationToken);
        if (!token.Succeeded)
        {
            return token.Failure!;
        }

        var data = new Dictionary<string, byte[]>
        {
            [TokenKey] = SecretData.Text(token.Value!.Token),
            [ExpirationKey] = SecretData.Time(token.Value.ExpiresAt),
        };
        return new IssuedCredential(data, token.Value.ExpiresAt, context.Identity.Principal);
    }
}
