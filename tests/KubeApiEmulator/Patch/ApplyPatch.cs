using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Patch;

/// <summary>
/// Server-side apply, simplified (A5): the applied configuration is merged into the live object (strategic rules for
/// built-ins, plain recursive merge for custom resources) and nothing else. Not emulated: managedFields and field
/// ownership, so fields a manager stops applying are not removed and there are no FieldManagerConflict 409s.
/// </summary>
internal static class ApplyPatch
{
    public static JsonNode? Apply(JsonNode? live, JsonNode? applied, bool custom)
    {
        var withoutNulls = RemoveNulls(applied);
        return custom ? MergePatch.Apply(live, withoutNulls) : StrategicMergePatch.Apply(live, withoutNulls);
    }

    /// <summary>In an apply configuration, null means "no opinion", not delete.</summary>
    private static JsonNode? RemoveNulls(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, RemoveNulls(p.Value)))),
        _ => node?.DeepClone(),
    };
}
