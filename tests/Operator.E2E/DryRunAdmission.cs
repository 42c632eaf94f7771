using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Testing.KubeApi.Http;

namespace Operator.E2E;

/// <summary>
/// Puts a DelegatedCredential before the real API server without storing it: a server-side dry-run create with
/// strict field validation runs the schema, defaulting, pruning checks and every CEL rule, as `kubectl apply`
/// would, and leaves the cluster unchanged.
/// </summary>
internal static class DryRunAdmission
{
    /// <summary>The repository file <paramref name="sample"/> (e.g. <c>samples/minimal.yaml</c>) as a JSON object.</summary>
    public static JsonObject Sample(string sample) =>
        (JsonObject)YamlToJson.Convert(File.ReadAllText(RepositoryFiles.Path(sample)))!;

    /// <summary>
    /// Null when the server admits the object; otherwise the refusal's Status: 422 with causes for schema and CEL
    /// violations, 400 for a field strict validation does not know.
    /// </summary>
    public static async Task<V1Status?> CreateAsync(IKubernetes client, JsonObject obj)
    {
        var ns = (string)obj["metadata"]!["namespace"]!;
        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, DelegatedCredential.ApiGroup, DelegatedCredential.Version,
                ns, DelegatedCredential.Plural, dryRun: "All", fieldValidation: "Strict");
            return null;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest)
        {
            return KubernetesJson.Deserialize<V1Status>(ex.Response.Content);
        }
    }

    public static string Describe(V1Status? status) => status is null
        ? "admitted"
        : $"{status.Message} [{string.Join("; ", status.Details?.Causes?.Select(c => $"{c.Field}: {c.Message}") ?? [])}]";
}
