using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Operator.Testing.KubeApi.Http;

namespace Operator.Testing.Harness;

/// <summary>Installs the repository's CRDs (every CustomResourceDefinition document under <c>crds/</c>).</summary>
public static class CustomResourceDefinitions
{
    public static async Task InstallAsync(IKubernetes client, string directory, CancellationToken cancellationToken = default)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var documents = YamlToJson.Documents(await File.ReadAllTextAsync(file, cancellationToken));
            foreach (var crd in documents.OfType<JsonObject>().Where(d => d["kind"]?.GetValue<string>() == "CustomResourceDefinition"))
            {
                await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(
                    KubernetesJson.Deserialize<V1CustomResourceDefinition>(crd.ToJsonString()), cancellationToken: cancellationToken);
            }
        }
    }
}
