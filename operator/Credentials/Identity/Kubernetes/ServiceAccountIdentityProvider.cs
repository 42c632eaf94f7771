using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Identity.Kubernetes;

/// <summary>
/// The identity of a DelegatedCredential without <c>spec.provider</c>: the ServiceAccount itself, for targets that
/// take a Kubernetes token directly (<c>serviceAccountToken</c>, and <c>http</c> with a serviceAccountToken proof;
/// <see cref="ProviderTargetMatrix"/> admits no other).
/// </summary>
internal sealed class ServiceAccountIdentityProvider(ServiceAccountTokens tokens) : IIdentityProvider
{
    public const string ProviderName = ProviderTargetMatrix.NoProvider;

    public string Name => ProviderName;

    public Attempt<IdentityRequest> Resolve(DelegatedCredential credential, V1ServiceAccount serviceAccount)
    {
        var target = credential.Spec.Target;
        var audience = target.ServiceAccountToken?.Audience
            ?? (target.Http?.Proof is { Kind: HttpProofKind.ServiceAccountToken } proof ? proof.Audience : null);
        if (string.IsNullOrEmpty(audience))
        {
            var field = target.Http is not null ? "spec.target.http.proof.audience" : "spec.target.serviceAccountToken.audience";
            return ExchangeFailure.InvalidSpec($"{field} is required: the audience the ServiceAccount token is minted for.");
        }

        return new ServiceAccountIdentityRequest(audience, $"{serviceAccount.Metadata.NamespaceProperty}/{serviceAccount.Metadata.Name}");
    }

    /// <summary>The token the issuer minted already proves the ServiceAccount exists and may be impersonated by us.</summary>
    public Task<Attempt<CloudIdentity>> ExchangeAsync(
        DelegatedCredential credential, IdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken)
    {
        var (ns, name) = (credential.Metadata.NamespaceProperty, credential.Spec.ServiceAccountName);
        CloudIdentity identity = new ServiceAccountIdentity(
            $"system:serviceaccount:{ns}:{name}",
            token.ExpiresAt,
            (audience, lifetime, ct) => tokens.MintAsync(ns, name, audience, lifetime, ct));
        return Task.FromResult<Attempt<CloudIdentity>>(identity);
    }
}
