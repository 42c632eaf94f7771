using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Store;

/// <summary>
/// Key order as kube-apiserver serializes: built-ins follow Go struct order (kind, apiVersion, metadata first;
/// ObjectMeta fields in declaration order), custom resources are Go maps and so come out with sorted keys at every
/// level. Writing that way makes "byte-identical write is a no-op" (R3) independent of the client's key order.
/// </summary>
internal static class CanonicalJson
{
    private static readonly string[] s_metadataOrder =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    public static JsonObject Order(JsonObject obj, bool custom)
    {
        if (custom)
        {
            return SortRecursively(obj);
        }
        var result = new JsonObject();
        foreach (var key in new[] { "kind", "apiVersion", "metadata" })
        {
            if (obj.TryGetPropertyValue(key, out var value))
            {
                result[key] = key == "metadata" && value is JsonObject m ? OrderMetadata(m) : value?.DeepClone();
            }
        }
        foreach (var (key, value) in obj)
        {
            if (key is not ("kind" or "apiVersion" or "metadata"))
            {
                result[key] = value?.DeepClone();
            }
        }
        return result;
    }

    private static JsonObject OrderMetadata(JsonObject metadata)
    {
        var result = new JsonObject();
        foreach (var key in s_metadataOrder)
        {
            if (metadata.TryGetPropertyValue(key, out var value))
            {
                result[key] = value?.DeepClone();
            }
        }
        foreach (var (key, value) in metadata)
        {
            if (!s_metadataOrder.Contains(key))
            {
                result[key] = value?.DeepClone();
            }
        }
        return result;
    }

    private static JsonObject SortRecursively(JsonObject obj)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[key] = Sort(value);
        }
        return result;
    }

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => SortRecursively(o),
        JsonArray a => new JsonArray([.. a.Select(Sort)]),
        _ => node?.DeepClone(),
    };
}
