using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>The stored objects a TokenRequest reads: the ServiceAccount and the bound Pod, Secret or Node.</summary>
internal interface ITokenRequestObjects
{
    /// <param name="resource">Plural core resource: `serviceaccounts`, `secrets`, `pods`, `nodes`.</param>
    /// <param name="namespaceName">Null for cluster-scoped resources (nodes).</param>
    JsonObject? Find(string resource, string? namespaceName, string name);
}
