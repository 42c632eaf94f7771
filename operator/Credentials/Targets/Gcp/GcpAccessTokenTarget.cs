using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Reconciliation;

namespace Operator.Credentials.Targets.Gcp;

/// <summary>
/// A Google OAuth access token for the spec's scopes (cloud-platform by default): the impersonated service account's,
/// living spec.ttl (generateAccessToken's lifetime), or the federated token itself when nothing is impersonated
/// (docs/protocols.md §4). Secret keys: <c>token</c>, <c>expiration</c>.
/// </summary>
internal sealed class GcpAccessTokenTarget : ICredentialTarget
{
    public const string TokenKey = "token";
    public const string ExpirationKey = "expiration";

    public string Name => "gcpAccessToken";

    public async Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken)
    {
        var spec = context.Resource.Spec;
        if (!CredentialLifetime.TryParseTtl(spec, out var ttl, out var error))
        {
            return ExchangeFailure.InvalidSpec(error);
        }

        IReadOnlyList<string> scopes = spec.Target.GcpAccessToken?.Scopes is { Count: > 0 } asked ? asked : [GcpAccessTokenTargetSpec.DefaultScope];
        var token = await context.Identity.Require<IAccessTokenSource>().GetAccessTokenAsync(scopes, ttl, cancellationToken);
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
