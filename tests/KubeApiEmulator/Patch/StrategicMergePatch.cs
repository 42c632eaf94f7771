using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Patch;

/// <summary>
/// Strategic merge patch for built-in kinds (A4), simplified: a merge patch where lists named in
/// <see cref="s_mergeKeys"/> merge by key (ownerReferences by uid; containers, env, volumes by name...),
/// `finalizers` merge as a set, `$patch: delete|replace` and `$deleteFromPrimitiveList/f` work, and
/// `$setElementOrder`/`$retainKeys` directives are dropped. Lists are recognised by field name rather than by the
/// Go type's patch tags, which is enough for the kinds the emulator serves. Hand-written: no SMP library exists
/// for .NET.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> s_mergeKeys = new()
    {
        ["ownerReferences"] = "uid",
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
        ["ports"] = "containerPort",
        ["conditions"] = "type",
    };

    private static readonly HashSet<string> s_primitiveSets = ["finalizers"];

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        if (patchObject["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)patchObject.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                var doomed = (value as JsonArray ?? []).Select(v => v?.ToJsonString()).ToHashSet();
                if (result[field] is JsonArray list)
                {
                    result[field] = new JsonArray([.. list.Where(v => !doomed.Contains(v?.ToJsonString())).Select(v => v?.DeepClone())]);
                }
                continue;
            }
            if (key.StartsWith('$'))
            {
                continue;
            }
            result[key] = MergeValue(key, result[key], value);
            if (result[key] is null)
            {
                result.Remove(key);
            }
        }
        return result;
    }

    private static JsonNode? MergeValue(string key, JsonNode? current, JsonNode? value) => value switch
    {
        null => null,
        JsonObject o when o["$patch"]?.GetValue<string>() == "delete" => null,
        JsonObject => Apply(current, value),
        JsonArray list when s_primitiveSets.Contains(key) => Union(current as JsonArray, list),
        JsonArray list when s_mergeKeys.TryGetValue(key, out var mergeKey) => MergeByKey(current as JsonArray, list, mergeKey),
        _ => value.DeepClone(),
    };

    private static JsonArray Union(JsonArray? current, JsonArray patch)
    {
        var result = new JsonArray([.. (current ?? []).Select(v => v?.DeepClone())]);
        foreach (var item in patch)
        {
            if (!result.Any(r => JsonNode.DeepEquals(r, item)))
            {
                result.Add(item?.DeepClone());
            }
        }
        return result;
    }

    private static JsonArray MergeByKey(JsonArray? current, JsonArray patch, string mergeKey)
    {
        var result = new JsonArray([.. (current ?? []).Select(v => v?.DeepClone())]);
        foreach (var item in patch.OfType<JsonObject>())
        {
            var existing = result.OfType<JsonObject>().FirstOrDefault(r => JsonNode.DeepEquals(r[mergeKey], item[mergeKey]));
            var delete = item["$patch"]?.GetValue<string>() == "delete";
            if (existing is not null)
            {
                var index = result.IndexOf(existing);
                result.RemoveAt(index);
                if (!delete)
                {
                    result.Insert(index, Apply(existing, item));
                }
            }
            else if (!delete)
            {
                result.Add(Apply(null, item));
            }
        }
        return result;
    }
}
