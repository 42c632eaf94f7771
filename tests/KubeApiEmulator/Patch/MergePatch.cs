using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Patch;

/// <summary>
/// RFC 7386 JSON merge patch (A2): objects merge recursively, `null` deletes, anything else (lists included)
/// replaces. Hand-written over JsonNode: no merge-patch library for System.Text.Json nodes is available here.
/// </summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }
        return result;
    }
}
