using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Identity.Kubernetes;

/// <summary>
/// The identity of a DelegatedCredential without <c>spec.provider</c>: the ServiceAccount itself, for targets that
/// take a Kubernetes token directly (<c>serviceAccountToken</c>, and <c>http</c> with a serviceAccountToken proof).
/// Any other target needs a cloud and is refused here with a clear message.
/// </summary>
internal sealed class ServiceAccountIdentityProvider : IIdentityProvider
{
    public string Name => "kubernetes";

    public bool Handles(DelegatedCredentialSpec spec) => spec.Provider?.Name is null;

    public Attempt<IdentityRequest> Resolve(DelegatedCredential credential, V1ServiceAccount serviceAccount)
    {
        var target = credential.Spec.Target;
        var audience = target.ServiceAccountToken?.Audience
            ?? (target.Http?.Proof is { Kind: HttpProofKind.ServiceAccountToken } proof ? proof.Audience : null);
        if (string.IsNullOrEmpty(audience))
        {
            return ExchangeFailure.InvalidSpec(
                $"target {target.Name ?? "none"} needs spec.provider (aws, gcp or azure); only serviceAccountToken and http with a " +
                "serviceAccountToken proof work without one.");
        }

        return new ServiceAccountIdentityRequest(audience, $"{serviceAccount.Metadata.NamespaceProperty}/{serviceAccount.Metadata.Name}");
    }

    /// <summary>The token the issuer minted already proves the ServiceAccount exists and may be impersonated by us.</summary>
    public Task<Attempt<CloudIdentity>> ExchangeAsync(
        DelegatedCredential credential, IdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken)
    {
        var (ns, name) = (credential.Metadata.NamespaceProperty, credential.Spec.ServiceAccountName);
        CloudIdentity identity = new ServiceAccountIdentity($"system:serviceaccount:{ns}:{name}", token.ExpiresAt);
        return Task.FromResult<Attempt<CloudIdentity>>(identity);
    }
}
