using Operator.Credentials.Identity;
using Operator.Credentials.Reconciliation;

namespace Operator.Credentials.Targets.Kubernetes;

/// <summary>
/// A TokenRequest token of the ServiceAccount for another audience, for clients outside the cluster that verify
/// Kubernetes-issued JWTs against the cluster's OIDC issuer. Its lifetime is spec.ttl (at least the API server's
/// 10-minute minimum); the API server may grant less, and its expirationTimestamp is what counts.
/// Secret keys: <c>token</c>, <c>expiration</c>.
/// </summary>
internal sealed class ServiceAccountTokenTarget : ICredentialTarget
{
    public const string TokenKey = "token";
    public const string ExpirationKey = "expiration";

    public string Name => "serviceAccountToken";


    public async Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken)
    {
        var spec = context.Resource.Spec;
        var audience = spec.Target.ServiceAccountToken!.Audience;
        if (string.IsNullOrEmpty(audience))
        {
            return ExchangeFailure.InvalidSpec("spec.target.serviceAccountToken.audience is required.");
        }

        if (!CredentialLifetime.TryParseTtl(spec, out var ttl, out var error))
        {
            return ExchangeFailure.InvalidSpec(error);
        }

        var token = await context.Identity.Require<IIdTokenSource>().GetIdTokenAsync(audience, ttl, cancellationToken);
        if (!token.Succeeded)
        {
            return token.Failure!;
        }

        var data = new Dictionary<string, byte[]>
        {
            [TokenKey] = SecretData.Text(token.Value!.Token),
            [ExpirationKey] = SecretData.Time(token.Value.ExpiresAt),
        };
        var principal = $"system:serviceaccount:{context.Resource.Metadata.NamespaceProperty}:{spec.ServiceAccountName}";
        return new IssuedCredential(data, token.Value.ExpiresAt, principal);
    }
}
