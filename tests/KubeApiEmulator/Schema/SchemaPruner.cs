using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// K1: drops every field the structural schema does not specify, as kube-apiserver's decoder does,
/// and reports each dropped path (`spec.foo`, `spec.items[0].bar`) for fieldValidation warnings.
/// </summary>
/// <remarks>
/// apiVersion, kind and metadata stay at the resource root and at every embedded resource; pruning
/// inside metadata is ObjectMeta's business (the emulator core), not the schema's.
/// </remarks>
internal static class SchemaPruner
{
    private static readonly HashSet<string> s_typeMetaAndMetadata = ["apiVersion", "kind", "metadata"];

    public static void Prune(JsonNode? value, SchemaNode? schema, string path, bool isResourceRoot, List<string> pruned)
    {
        switch (value)
        {
            case JsonObject obj when schema is not null:
                PruneObject(obj, schema, path, isResourceRoot || schema.EmbeddedResource, pruned);
                break;
            case JsonArray array when schema?.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], items, $"{path}[{i}]", items.EmbeddedResource, pruned);
                }
                break;
        }
    }

    private static void PruneObject(JsonObject obj, SchemaNode schema, string path, bool keepTypeMeta, List<string> pruned)
    {
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (keepTypeMeta && s_typeMetaAndMetadata.Contains(key))
            {
                // metadata's own fields are coerced by the core; kind/apiVersion are plain strings.
                continue;
            }
            var child = schema.Member(key);
            if (child is null && !schema.PreserveUnknownFields && !schema.AdditionalPropertiesAllowed)
            {
                obj.Remove(key);
                pruned.Add(childPath);
                continue;
            }
            Prune(obj[key], child, childPath, false, pruned);
        }
    }
}
