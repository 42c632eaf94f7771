using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Credentials.Identity.Gcp;

/// <summary>
/// GCP workload identity federation (docs/protocols.md §4): the ServiceAccount's token, minted for an audience the pool
/// provider allows, is exchanged at Google STS for a federated token; when a Google service account is named (the spec's,
/// else the ServiceAccount's <c>iam.gke.io/gcp-service-account</c>) the targets act as it through IAM Credentials. Naming
/// another account than the annotation is refused unless the operator allows identity overrides, as for AWS roles.
/// </summary>
internal sealed class GcpIdentityProvider(GoogleWorkloadIdentity google, bool allowIdentityOverride) : IIdentityProvider
{
    public const string ProviderName = "gcp";

    public const string NoServiceAccountForIdTokens =
        "A Google ID token needs a Google service account: set spec.provider.gcp.serviceAccountEmail or annotate the ServiceAccount with " +
        GkeAnnotations.ServiceAccount + ".";

    private const string ProviderPrefix = "//iam.googleapis.com/projects/";

    public string Name => ProviderName;

    public Attempt<IdentityRequest> Resolve(DelegatedCredential credential, V1ServiceAccount serviceAccount)
    {
        var gcp = credential.Spec.Provider!.Gcp!;
        var annotations = serviceAccount.Metadata.Annotations ?? new Dictionary<string, string>();
        annotations.TryGetValue(GkeAnnotations.ServiceAccount, out var annotated);
        var saName = $"{serviceAccount.Metadata.NamespaceProperty}/{serviceAccount.Metadata.Name}";

        var provider = gcp.WorkloadIdentityProvider;
        if (!provider.StartsWith(ProviderPrefix, StringComparison.Ordinal) || !provider.Contains("/workloadIdentityPools/", StringComparison.Ordinal)
            || !provider.Contains("/providers/", StringComparison.Ordinal))
        {
            return ExchangeFailure.InvalidSpec(
                $"spec.provider.gcp.workloadIdentityProvider '{provider}' is not //iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/providers/X.");
        }

        if (!allowIdentityOverride && !string.IsNullOrEmpty(gcp.ServiceAccountEmail) && gcp.ServiceAccountEmail != annotated)
        {
            return ExchangeFailure.InvalidSpec(
                $"spec.provider.gcp.serviceAccountEmail {gcp.ServiceAccountEmail} differs from ServiceAccount {saName}'s {GkeAnnotations.ServiceAccount} " +
                $"annotation ({(string.IsNullOrEmpty(annotated) ? "absent" : annotated)}); a DelegatedCredential may only use its ServiceAccount's own " +
                "Google service account unless the operator runs with Operator:AllowIdentityOverride=true.");
        }

        var email = !string.IsNullOrEmpty(gcp.ServiceAccountEmail) ? gcp.ServiceAccountEmail : string.IsNullOrEmpty(annotated) ? null : annotated;
        var target = credential.Spec.Target;
        if (email is null && (target.GcpIdToken is not null || target.SingleStore is not null))
        {
            return ExchangeFailure.InvalidSpec(NoServiceAccountForIdTokens);
        }

        // Without impersonation the federated token is the credential, so STS is asked for the target's scopes; to impersonate,
        // the federated token only needs to call IAM Credentials (cloud-platform).
        IReadOnlyList<string> scopes = email is null && target.GcpAccessToken is { } access && access.Scopes is { Count: > 0 } asked
            ? asked
            : [GoogleWorkloadIdentity.CloudPlatformScope];
        // Google's default allowed audience is the provider's name with https: in front (docs/protocols.md §4.1).
        var audience = string.IsNullOrEmpty(gcp.Audience) ? "https:" + provider : gcp.Audience;
        return new GcpIdentityRequest(provider, audience, email, scopes, google.StsEndpoint.Authority);
    }

    public async Task<Attempt<CloudIdentity>> ExchangeAsync(
        DelegatedCredential credential, IdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken)
    {
        var gcp = (GcpIdentityRequest)request;
        var federated = await google.ExchangeAsync(gcp, token.Token, cancellationToken);
        if (!federated.Succeeded)
        {
            return federated.Failure!;
        }

        var principal = gcp.ServiceAccountEmail
            ?? gcp.PrincipalOf($"system:serviceaccount:{credential.Metadata.NamespaceProperty}:{credential.Spec.ServiceAccountName}");
        return new GcpCloudIdentity(principal, federated.Value!, gcp, google);
    }
}
