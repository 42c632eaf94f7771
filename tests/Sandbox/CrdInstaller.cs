using k8s;
using k8s.Models;
using Operator.Testing.KubeApi;

namespace Sandbox;

/// <summary>Creates every CustomResourceDefinition found in a directory's YAML files (kustomization.yaml aside).</summary>
internal static class CrdInstaller
{
    public static async Task InstallAsync(KubeApiEmulator emulator, string directory)
    {
        using var client = emulator.CreateClient();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == "kustomization.yaml")
            {
                continue;
            }

            foreach (var document in (await File.ReadAllTextAsync(file)).Split("\n---"))
            {
                if (document.Contains("kind: CustomResourceDefinition", StringComparison.Ordinal))
                {
                    await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(document));
                }
            }
        }
    }
}
