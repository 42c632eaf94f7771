using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Tables;

/// <summary>Reads a custom resource's version entry (printer columns) from its stored CRD, named `{plural}.{group}`.</summary>
internal static class StoredCrdVersions
{
    public static JsonObject? Find(ClusterState cluster, ResourceType type) =>
        cluster.Store.Get(BuiltinResources.CustomResourceDefinitions.StorageKey, new ObjectKey("", $"{type.Plural}.{type.Group}"))?["spec"]?["versions"] is JsonArray versions
            ? versions.OfType<JsonObject>().FirstOrDefault(v => v["name"]?.GetValue<string>() == type.Version)
            : null;
}
