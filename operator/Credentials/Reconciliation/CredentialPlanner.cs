using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Secrets;
using Operator.Credentials.Targets;
using Operator.Credentials.Validation;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// Resolves a DelegatedCredential against its ServiceAccount into a <see cref="CredentialPlan"/>: the one
/// provider and target that handle its spec, the identity it may use, and the spec hash. Refusals are failures.
/// Pure: the caller reads the ServiceAccount.
/// </summary>
/// <param name="apiServerAudiences">Which token audiences are refused (Operator:AllowApiServerAudiences,
/// Operator:ApiServerAudiences); by default <see cref="ApiServerAudiences.Refusing"/>.</param>
internal sealed class CredentialPlanner(
    IEnumerable<IIdentityProvider> providers,
    IEnumerable<ICredentialTarget> targets,
    ServiceAccountConsent consent,
    ApiServerAudiences? apiServerAudiences = null)
{
    private readonly ApiServerAudiences _audiences = apiServerAudiences ?? ApiServerAudiences.Refusing;

    /// <param name="serviceAccount">The ServiceAccount named by <c>spec.serviceAccountName</c>, null when it does not exist.
    /// Only looked at once the spec's own checks pass, so an invalid spec is reported as such whether it exists or not.</param>
    public Attempt<CredentialPlan> Plan(DelegatedCredential credential, V1ServiceAccount? serviceAccount)
    {
        var spec = credential.Spec;
        // The CRD's rules first, for specs an API server without CEL (or with an edited CRD) admitted: one provider and
        // one target that fit together, durations in range, names, URLs, the targets' own rules. Then whether this build
        // serves the pair. Both depend on the spec alone: they cost no call, and wait for a new generation.
        if (DelegatedCredentialValidator.Check(spec) is { } invalid)
        {
            return invalid;
        }

        if (ProviderTargetMatrix.Check(spec) is { } unsupported)
        {
            return unsupported with { AwaitsSpecChange = true };
        }

        // A token for the API server's own audience would act as the ServiceAccount in the cluster: refused before any
        // TokenRequest, for every audience the spec names.
        var refusals = ApiServerAudiences.InSpec(spec).Select(a => _audiences.Refusal(a.Field, a.Audience)).OfType<string>().ToList();
        if (refusals.Count > 0)
        {
            return ExchangeFailure.SpecRefused(string.Join(" ", refusals));
        }

        var provider = providers.Single(p => p.Name == ProviderTargetMatrix.ProviderOf(spec)!.Name);
        var target = targets.Single(t => t.Name == ProviderTargetMatrix.TargetOf(spec)!.Name);

        if (!CredentialLifetime.TryParseRefreshBefore(spec, out var refreshBefore, out var error))
        {
            return ExchangeFailure.InvalidSpec(error);
        }

        if (serviceAccount is null)
        {
            return ExchangeFailure.ServiceAccountNotFound(credential.Metadata.NamespaceProperty, spec.ServiceAccountName);
        }

        // Before the provider looks at the identity annotations: without consent nothing about the account is used.
        if (consent.Check(credential, serviceAccount) is { } notPermitted)
        {
            return notPermitted;
        }

        var request = provider.Resolve(credential, serviceAccount);
        if (!request.Succeeded)
        {
            return request.Failure!;
        }

        // The audience a provider resolved, which may come from the ServiceAccount (an IRSA audience annotation), not the spec.
        if (_audiences.Refusal($"the audience resolved for spec.provider.{provider.Name} (from the spec or the ServiceAccount's annotations)",
                request.Value!.Audience) is { } resolved)
        {
            return ExchangeFailure.InvalidSpec(resolved);
        }

        var hash = SpecHash.Compute(spec, request.Value!.Fingerprint);
        return new CredentialPlan(provider, target, request.Value, hash, refreshBefore);
    }
}
