using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Operator.Testing.KubeApi.Http;

namespace Operator.Testing.Harness;

/// <summary>
/// The repository's kustomize directories under <c>config/</c>, read as kustomize would list them (a kustomization's or
/// component's <c>resources</c>, files and directories, in order) and applied through the API with the admin client.
/// Only plain resource lists are followed: transformers (namespace, labels, patches) are not applied, so the directories
/// read here keep their namespaces in the files themselves.
/// </summary>
public static class ShippedManifests
{
    /// <summary>The operator's ServiceAccount and namespace in the shipped manifests.</summary>
    public const string OperatorNamespace = "delegated-credentials-system";
    public const string OperatorServiceAccount = "delegated-credentials-operator";

    public static string OperatorUser => $"system:serviceaccount:{OperatorNamespace}:{OperatorServiceAccount}";

    /// <summary>Every document of the kustomize directory <paramref name="relativeDirectory"/> (e.g. <c>config/rbac</c>).</summary>
    public static IReadOnlyList<JsonObject> Documents(string relativeDirectory)
    {
        var directory = RepositoryFiles.Path(relativeDirectory.Split('/'));
        var kustomization = (JsonObject)YamlToJson.Documents(File.ReadAllText(Path.Combine(directory, "kustomization.yaml")))[0]!;
        var documents = new List<JsonObject>();
        foreach (var resource in (kustomization["resources"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            var path = Path.Combine(directory, resource);
            if (Directory.Exists(path))
            {
                documents.AddRange(Documents(Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/')));
            }
            else
            {
                documents.AddRange(YamlToJson.Documents(File.ReadAllText(path)).OfType<JsonObject>());
            }
        }
        return documents;
    }

    /// <summary>The documents of one manifest file, e.g. <c>config/prometheus/metrics_reader_role.yaml</c>.</summary>
    public static IReadOnlyList<JsonObject> DocumentsOfFile(string relativePath) =>
        [.. YamlToJson.Documents(File.ReadAllText(RepositoryFiles.Path(relativePath.Split('/')))).OfType<JsonObject>()];

    /// <summary>Creates every document of the directories (ServiceAccounts, RBAC, admission policies) with <paramref name="client"/>.</summary>
    public static async Task ApplyAsync(IKubernetes client, IEnumerable<string> relativeDirectories, CancellationToken cancellationToken = default)
    {
        foreach (var document in relativeDirectories.SelectMany(Documents))
        {
            await CreateAsync(client, document, cancellationToken);
        }
    }

    public static async Task CreateAsync(IKubernetes client, JsonObject document, CancellationToken cancellationToken = default)
    {
        var apiVersion = document["apiVersion"]!.GetValue<string>();
        var kind = document["kind"]!.GetValue<string>();
        var ns = document["metadata"]?["namespace"]?.GetValue<string>();
        if (apiVersion == "v1" && kind == "ServiceAccount")
        {
            await client.CoreV1.CreateNamespacedServiceAccountAsync(KubernetesJson.Deserialize<V1ServiceAccount>(document.ToJsonString()), ns!,
                cancellationToken: cancellationToken);
            return;
        }
        var (group, version) = (apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)], apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        var plural = kind.ToLowerInvariant() is var lower && lower.EndsWith('y') ? lower[..^1] + "ies" : kind.ToLowerInvariant() + "s";
        var body = JsonNode.Parse(document.ToJsonString())!;
        if (ns is null)
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(body, group, version, plural, cancellationToken: cancellationToken);
        }
        else
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, group, version, ns, plural, cancellationToken: cancellationToken);
        }
    }
}
