using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>The stored value correlated with a node being validated on update (it may itself be null).</summary>
internal readonly record struct Prior(JsonNode? Value)
{
    public static Prior? ForKey(JsonObject? old, string key) =>
        old is not null && old.TryGetPropertyValue(key, out var value) ? new Prior(value) : null;

    /// <summary>Map-list items correlate by key, set items by value; other lists do not correlate.</summary>
    public static Prior? ForItem(SchemaNode listSchema, JsonArray? old, JsonNode? item)
    {
        if (old is null)
        {
            return null;
        }
        if (listSchema.ListType == "set")
        {
            return old.Any(o => JsonNode.DeepEquals(o, item)) ? new Prior(item) : null;
        }
        return Cel.MapListCorrelation.Find(listSchema, old, item) is { } match ? new Prior(match) : null;
    }
}
