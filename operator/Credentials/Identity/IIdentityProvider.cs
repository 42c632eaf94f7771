using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Credentials.Identity;

/// <summary>
/// Turns a ServiceAccount token into a cloud identity (AWS IRSA today; GCP and Azure workload identity fit
/// the same two steps). The reconciler knows providers only through this interface, and chooses one by
/// <see cref="Name"/> from the spec's row in <see cref="ProviderTargetMatrix"/>.
/// </summary>
internal interface IIdentityProvider
{
    /// <summary>The provider's name in <c>spec.provider</c>, metrics and logs: <c>aws</c>, <c>gcp</c>, <c>azure</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Pure: the request to make, from the spec and the ServiceAccount's annotations, or InvalidSpec when the
    /// spec asks for more than the ServiceAccount is allowed.
    /// </summary>
    Attempt<IdentityRequest> Resolve(DelegatedCredential credential, V1ServiceAccount serviceAccount);

    /// <summary>Exchanges a token minted for <see cref="IdentityRequest.Audience"/>. Cloud refusals are failures, not exceptions.</summary>
    Task<Attempt<CloudIdentity>> ExchangeAsync(
        DelegatedCredential credential, IdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken);
}
