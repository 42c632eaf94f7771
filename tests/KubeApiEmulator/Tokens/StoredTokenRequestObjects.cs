using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>TokenRequest lookups against the emulator's store (core resources are keyed `/{plural}`).</summary>
internal sealed class StoredTokenRequestObjects(ClusterState cluster) : ITokenRequestObjects
{
    public JsonObject? Find(string resource, string? namespaceName, string name) =>
        cluster.Store.Get($"/{resource}", new ObjectKey(namespaceName ?? "", name));
}
