using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Secrets;
using Operator.Credentials.Targets;
using Operator.Runtime;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// Resolves a DelegatedCredential against its ServiceAccount into a <see cref="CredentialPlan"/>: the one
/// provider and target that handle its spec, the identity it may use, and the spec hash. Refusals are failures.
/// </summary>
internal sealed class CredentialPlanner(
    IKubernetes kubernetes,
    IEnumerable<IIdentityProvider> providers,
    IEnumerable<ICredentialTarget> targets)
{
    public async Task<Attempt<CredentialPlan>> PlanAsync(DelegatedCredential credential, CancellationToken cancellationToken)
    {
        var spec = credential.Spec;
        // The pair first: a provider that cannot serve the target, or one this build lacks, costs no call at all.
        if (ProviderTargetMatrix.Check(spec) is { } unsupported)
        {
            return unsupported;
        }

        var provider = providers.Single(p => p.Name == ProviderTargetMatrix.ProviderOf(spec)!.Name);
        var target = targets.Single(t => t.Name == ProviderTargetMatrix.TargetOf(spec)!.Name);

        if (!CredentialLifetime.TryParseRefreshBefore(spec, out var refreshBefore, out var error))
        {
            return ExchangeFailure.InvalidSpec(error);
        }

        var serviceAccount = await ReadServiceAccountAsync(credential.Metadata.NamespaceProperty, spec.ServiceAccountName, cancellationToken);
        if (serviceAccount is null)
        {
            return ExchangeFailure.ServiceAccountNotFound(credential.Metadata.NamespaceProperty, spec.ServiceAccountName);
        }

        var request = provider.Resolve(credential, serviceAccount);
        if (!request.Succeeded)
        {
            return request.Failure!;
        }

        var hash = SpecHash.Compute(spec, request.Value!.Fingerprint);
        return new CredentialPlan(provider, target, request.Value, hash, refreshBefore);
    }

    private async Task<V1ServiceAccount?> ReadServiceAccountAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await kubernetes.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return null;
        }
    }
}
