using System.Globalization;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Patch;

/// <summary>RFC 6901 pointers over JsonNode, with RFC 6902's add/remove rules for arrays (`-` appends).</summary>
internal static class JsonPointer
{
    public static string[] Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }
        if (pointer[0] != '/')
        {
            throw JsonPatch.Rejected($"invalid JSON pointer: {pointer}");
        }
        return [.. pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    public static JsonNode? Get(JsonNode? document, string[] path)
    {
        var node = document;
        foreach (var segment in path)
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(segment, out var child) => child,
                JsonArray a when Index(segment, a.Count - 1) is { } i => a[i],
                _ => throw JsonPatch.Rejected($"doc is missing path: \"/{string.Join('/', path)}\": missing value"),
            };
        }
        return node;
    }

    public static JsonNode Add(JsonNode document, string[] path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw JsonPatch.Rejected("cannot replace the document with null");
        }
        var parent = Get(document, path[..^1]);
        var last = path[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when Index(last, a.Count) is { } i:
                a.Insert(i, value);
                break;
            default:
                throw JsonPatch.Rejected($"add operation does not apply: doc is missing path: \"/{string.Join('/', path)}\": missing value");
        }
        return document;
    }

    public static void Remove(JsonNode document, string[] path)
    {
        var parent = Get(document, path[..^1]);
        var last = path[^1];
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when Index(last, a.Count - 1) is { } i => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw JsonPatch.Rejected($"remove operation does not apply: doc is missing path: \"/{string.Join('/', path)}\": missing value");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static int? Index(string segment, int max) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 0 && i <= max ? i : null;
}
