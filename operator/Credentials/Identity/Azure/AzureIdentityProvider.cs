using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Credentials.Identity.Azure;

/// <summary>
/// Azure workload identity: the ServiceAccount's token is the client assertion of a client-credentials grant for the
/// app (or user-assigned managed identity) the Azure webhook would give a pod running as that SA
/// (<c>azure.workload.identity/client-id</c>, <c>…/tenant-id</c>); asking for another is refused unless the operator
/// allows identity overrides. Entra trusts the token through the app's federated identity credential (issuer, subject,
/// audience) and answers an access token for the one scope the target needs (<see cref="EntraScopes"/>).
/// </summary>
/// <param name="authorityOverride"><c>Operator:Azure:AuthorityHost</c>: replaces the spec's and the default authority.</param>
internal sealed class AzureIdentityProvider(EntraTokenClient entra, bool allowIdentityOverride, Uri? authorityOverride) : IIdentityProvider
{
    public const string ProviderName = "azure";

    public string Name => ProviderName;

    public Attempt<IdentityRequest> Resolve(DelegatedCredential credential, V1ServiceAccount serviceAccount)
    {
        var azure = credential.Spec.Provider!.Azure!;
        var annotations = serviceAccount.Metadata.Annotations ?? new Dictionary<string, string>();
        var saName = $"{serviceAccount.Metadata.NamespaceProperty}/{serviceAccount.Metadata.Name}";

        var tenant = Choose("tenantId", azure.TenantId, AzureWorkloadIdentityAnnotations.TenantId, annotations, saName);
        if (!tenant.Succeeded)
        {
            return tenant.Failure!;
        }

        var client = Choose("clientId", azure.ClientId, AzureWorkloadIdentityAnnotations.ClientId, annotations, saName);
        if (!client.Succeeded)
        {
            return client.Failure!;
        }

        var authority = authorityOverride;
        if (authority is null)
        {
            var text = string.IsNullOrEmpty(azure.AuthorityHost) ? AzureProviderSpec.DefaultAuthorityHost : azure.AuthorityHost;
            if (!Uri.TryCreate(text, UriKind.Absolute, out authority) || authority.Scheme != Uri.UriSchemeHttps)
            {
                return ExchangeFailure.InvalidSpec($"spec.provider.azure.authorityHost '{text}' is not an absolute https URL.");
            }
        }

        // The tenant is a path segment of the token endpoint: the CRD's pattern makes it a UUID, annotations are checked here.
        if (!Guid.TryParse(tenant.Value, out _) || !Guid.TryParse(client.Value, out _))
        {
            return ExchangeFailure.InvalidSpec($"The Azure tenant id '{tenant.Value}' and client id '{client.Value}' must be UUIDs.");
        }

        var audience = string.IsNullOrEmpty(azure.Audience) ? AzureProviderSpec.DefaultAudience : azure.Audience;
        var root = new Uri(authority.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        return new AzureIdentityRequest(tenant.Value!, client.Value!, audience, root, EntraScopes.For(credential.Spec.Target));
    }

    public async Task<Attempt<CloudIdentity>> ExchangeAsync(
        DelegatedCredential credential, IdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken)
    {
        var azure = (AzureIdentityRequest)request;
        var accessToken = await entra.RequestAsync(azure, token.Token, cancellationToken);
        return accessToken.Succeeded
            ? new AzureCloudIdentity(azure.Principal, azure.Scope, accessToken.Value!)
            : accessToken.Failure!;
    }

    /// <summary>The spec's value, else the annotation's; a spec value that differs from the annotation needs the override.</summary>
    private Attempt<string> Choose(string field, string? specified, string annotation, IDictionary<string, string> annotations, string saName)
    {
        annotations.TryGetValue(annotation, out var annotated);
        if (string.IsNullOrEmpty(specified))
        {
            return string.IsNullOrEmpty(annotated)
                ? ExchangeFailure.InvalidSpec($"No Azure {field}: spec.provider.azure.{field} is empty and ServiceAccount {saName} has no {annotation} annotation.")
                : annotated;
        }

        if (!allowIdentityOverride && !string.Equals(specified, annotated, StringComparison.OrdinalIgnoreCase))
        {
            return ExchangeFailure.InvalidSpec(
                $"spec.provider.azure.{field} {specified} differs from ServiceAccount {saName}'s {annotation} annotation " +
                $"({annotated ?? "absent"}); a DelegatedCredential may only use its ServiceAccount's own Azure identity " +
                "unless the operator runs with Operator:AllowIdentityOverride=true.");
        }

        return specified;
    }
}
