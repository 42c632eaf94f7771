using k8s;
using k8s.Models;

namespace Operator.Testing.Support;

/// <summary>ServiceAccounts for tests, plain or set up for IRSA the way the EKS pod identity webhook expects them.</summary>
public static class ServiceAccounts
{
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

    /// <summary>Annotated with the role to assume (none when <paramref name="roleArn"/> is null) and the token audience if given.</summary>
    public static V1ServiceAccount Irsa(string name, string ns, string? roleArn, string? audience = null)
    {
        var annotations = new Dictionary<string, string>();
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

    public static Task<V1ServiceAccount> CreateAsync(this IKubernetes client, V1ServiceAccount serviceAccount, CancellationToken cancellationToken = default) =>
        client.CoreV1.CreateNamespacedServiceAccountAsync(serviceAccount, serviceAccount.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
}
