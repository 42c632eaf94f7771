using k8s;
using k8s.Models;

namespace Operator.Testing.Harness;

/// <summary>Installs the repository's CRDs (every CustomResourceDefinition document under <c>crds/</c>).</summary>
public static class CustomResourceDefinitions
{
    public static async Task InstallAsync(IKubernetes client, string directory, CancellationToken cancellationToken = default)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var document in (await File.ReadAllTextAsync(file, cancellationToken)).Split("\n---"))
            {
                if (document.Contains("kind: CustomResourceDefinition", StringComparison.Ordinal))
                {
                    await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(
                        KubernetesYaml.Deserialize<V1CustomResourceDefinition>(document), cancellationToken: cancellationToken);
                }
            }
        }
    }
}
