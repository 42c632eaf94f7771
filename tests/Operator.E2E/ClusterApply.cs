using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Operator.Testing.Harness;
using Operator.Testing.KubeApi.Http;

namespace Operator.E2E;

/// <summary>
/// Create-or-replace of the repository's manifests, so the suite can run again and again on a cluster that outlives it
/// (E2E_KUBECONFIG): an object already there is replaced with the repository's version, never left stale. Hand-written
/// rather than server-side apply because the in-process Kubernetes API emulator, which this path is checked against,
/// does not implement apply patches (tests/KubeApiEmulator/README.md).
/// </summary>
internal static class ClusterApply
{
    /// <summary>Every CustomResourceDefinition under <c>crds/</c>.</summary>
    public static async Task CrdsAsync(IKubernetes client, CancellationToken cancellationToken = default)
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.Path("crds"), "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var document in YamlToJson.Documents(await File.ReadAllTextAsync(file, cancellationToken)).OfType<JsonObject>()
                .Where(d => d["kind"]?.GetValue<string>() == "CustomResourceDefinition"))
            {
                var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(document.ToJsonString());
                if (!await CreatedAsync(() => client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken)))
                {
                    var existing = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
                    crd.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                    await client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name, cancellationToken: cancellationToken);
                }
            }
        }
    }

    /// <summary>The documents of kustomize directories (e.g. <c>config/rbac</c>), as <see cref="ShippedManifests.Documents"/> lists them.</summary>
    public static async Task ManifestsAsync(IKubernetes client, IEnumerable<string> relativeDirectories, CancellationToken cancellationToken = default)
    {
        foreach (var document in relativeDirectories.SelectMany(ShippedManifests.Documents))
        {
            if (await CreatedAsync(() => ShippedManifests.CreateAsync(client, document, cancellationToken)) || document["kind"]!.GetValue<string>() == "ServiceAccount")
            {
                continue; // a ServiceAccount carries nothing of ours to update
            }

            var apiVersion = document["apiVersion"]!.GetValue<string>();
            var (group, version) = (apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)], apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            var kind = document["kind"]!.GetValue<string>().ToLowerInvariant();
            var plural = kind.EndsWith('y') ? kind[..^1] + "ies" : kind + "s";
            var name = document["metadata"]!["name"]!.GetValue<string>();
            var ns = document["metadata"]?["namespace"]?.GetValue<string>();
            var existing = ns is null
                ? await client.CustomObjects.GetClusterCustomObjectAsync(group, version, plural, name, cancellationToken)
                : await client.CustomObjects.GetNamespacedCustomObjectAsync(group, version, ns, plural, name, cancellationToken);
            var body = (JsonObject)JsonNode.Parse(document.ToJsonString())!;
            body["metadata"]!["resourceVersion"] = JsonNode.Parse(KubernetesJson.Serialize(existing))!["metadata"]!["resourceVersion"]!.GetValue<string>();
            _ = ns is null
                ? await client.CustomObjects.ReplaceClusterCustomObjectAsync(body, group, version, plural, name, cancellationToken: cancellationToken)
                : await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(body, group, version, ns, plural, name, cancellationToken: cancellationToken);
        }
    }

    /// <summary>True when created; false when it already exists (409).</summary>
    private static async Task<bool> CreatedAsync(Func<Task> create)
    {
        try
        {
            await create();
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
