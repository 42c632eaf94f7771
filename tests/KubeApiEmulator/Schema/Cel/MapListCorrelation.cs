using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>Finds an item's old counterpart in an `x-kubernetes-list-type: map` list by its key values; other lists do not correlate.</summary>
internal static class MapListCorrelation
{
    public static JsonNode? Find(SchemaNode listSchema, JsonArray? old, JsonNode? item)
    {
        if (old is null || listSchema.ListType != "map" || listSchema.ListMapKeys.Count == 0 || item is not JsonObject current)
        {
            return null;
        }
        return old.OfType<JsonObject>().FirstOrDefault(candidate =>
            listSchema.ListMapKeys.All(k => JsonNode.DeepEquals(KeyValue(candidate, k, listSchema), KeyValue(current, k, listSchema))));
    }

    private static JsonNode? KeyValue(JsonObject item, string key, SchemaNode listSchema) =>
        item[key] ?? listSchema.Items?.Property(key)?.Default;
}
