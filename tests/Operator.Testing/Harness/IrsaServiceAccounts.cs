using k8s;
using k8s.Models;

namespace Operator.Testing.Harness;

/// <summary>ServiceAccounts set up for IRSA the way the EKS pod identity webhook expects them.</summary>
public static class IrsaServiceAccounts
{
    public const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";

    public static Task CreateAsync(IKubernetes client, string ns, string name, string roleArn, CancellationToken cancellationToken = default) =>
        client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Annotations = new Dictionary<string, string> { [RoleArnAnnotation] = roleArn },
            },
        }, ns, cancellationToken: cancellationToken);
}
