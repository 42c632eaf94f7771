using k8s;
using k8s.Models;

namespace Operator.Testing.Support;

/// <summary>
/// ServiceAccounts for tests, plain or set up for IRSA the way the EKS pod identity webhook expects them. Those made for
/// the operator consent to every DelegatedCredential in their namespace (<see cref="AllowedCredentialsAnnotation"/> = <c>*</c>)
/// unless a test says otherwise.
/// </summary>
public static class ServiceAccounts
{
    /// <summary>The operator's consent annotation (operator/Credentials/Identity/Kubernetes/ServiceAccountConsent.cs).</summary>
    public const string AllowedCredentialsAnnotation = "credentials.delegated.dev/allowed-credentials";

    public const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";
    public const string AudienceAnnotation = "eks.amazonaws.com/audience";

    public static V1ServiceAccount ServiceAccount(string name, string? ns = null, IReadOnlyDictionary<string, string>? annotations = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Annotations = annotations is null ? null : new Dictionary<string, string>(annotations),
        },
    };

    /// <summary>Consenting to <paramref name="allowedCredentials"/> (comma-separated names or <c>*</c>), without cloud annotations.</summary>
    public static V1ServiceAccount Consenting(string name, string ns, string allowedCredentials = "*") =>
        ServiceAccount(name, ns, new Dictionary<string, string> { [AllowedCredentialsAnnotation] = allowedCredentials });

    /// <summary>
    /// Annotated with the role to assume (none when <paramref name="roleArn"/> is null), the token audience if given, and
    /// the operator's consent annotation unless <paramref name="allowedCredentials"/> is null.
    /// </summary>
    public static V1ServiceAccount Irsa(string name, string ns, string? roleArn, string? audience = null, string? allowedCredentials = "*")
    {
        var annotations = new Dictionary<string, string>();
        if (allowedCredentials is not null)
        {
            annotations[AllowedCredentialsAnnotation] = allowedCredentials;
        }

        if (roleArn is not null)
        {
            annotations[RoleArnAnnotation] = roleArn;
        }

        if (audience is not null)
        {
            annotations[AudienceAnnotation] = audience;
        }

        return ServiceAccount(name, ns, annotations);
    }

    public const string AzureClientIdAnnotation = "azure.workload.identity/client-id";
    public const string AzureTenantIdAnnotation = "azure.workload.identity/tenant-id";

    /// <summary>
    /// Annotated as the Azure workload identity webhook expects (client and tenant, each left out when null), and with the
    /// operator's consent annotation unless <paramref name="allowedCredentials"/> is null.
    /// </summary>
    public static V1ServiceAccount AzureWorkloadIdentity(string name, string ns, string? clientId, string? tenantId, string? allowedCredentials = "*")
    {
        var annotations = new Dictionary<string, string>();
        if (allowedCredentials is not null)
        {
            annotations[AllowedCredentialsAnnotation] = allowedCredentials;
        }

        if (clientId is not null)
        {
            annotations[AzureClientIdAnnotation] = clientId;
        }

        if (tenantId is not null)
        {
            annotations[AzureTenantIdAnnotation] = tenantId;
        }

        return ServiceAccount(name, ns, annotations);
    }

    public static Task<V1ServiceAccount> CreateAsync(this IKubernetes client, V1ServiceAccount serviceAccount, CancellationToken cancellationToken = default) =>
        client.CoreV1.CreateNamespacedServiceAccountAsync(serviceAccount, serviceAccount.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
}
