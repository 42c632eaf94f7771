using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema.Printing;

/// <summary>One step of a JSONPath: it maps each current node to the nodes it selects.</summary>
internal abstract record JsonPathSegment
{
    public abstract IEnumerable<JsonNode?> Select(JsonNode? node);
}

/// <summary>`.name` or `['name']`; a missing key selects nothing (columns allow missing keys).</summary>
internal sealed record ChildSegment(string Name) : JsonPathSegment
{
    public override IEnumerable<JsonNode?> Select(JsonNode? node) =>
        node is JsonObject obj && obj.TryGetPropertyValue(Name, out var child) ? [child] : [];
}

/// <summary>`[*]` or `.*`: every element of an array or value of an object.</summary>
internal sealed record WildcardSegment : JsonPathSegment
{
    public override IEnumerable<JsonNode?> Select(JsonNode? node) => node switch
    {
        JsonArray array => array,
        JsonObject obj => obj.Select(p => p.Value),
        _ => [],
    };
}

/// <summary>`[n]`, `[-n]` and `[start:end]` (Go slice semantics, negative from the end).</summary>
internal sealed record IndexSegment(int? Start, int? End, bool IsSlice) : JsonPathSegment
{
    public override IEnumerable<JsonNode?> Select(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return [];
        }
        int Resolve(int i) => i < 0 ? i + array.Count : i;
        if (!IsSlice)
        {
            var index = Resolve(Start ?? 0);
            return index >= 0 && index < array.Count ? [array[index]] : [];
        }
        var from = Math.Clamp(Resolve(Start ?? 0), 0, array.Count);
        var to = Math.Clamp(Resolve(End ?? array.Count), 0, array.Count);
        return from < to ? array.Skip(from).Take(to - from) : [];
    }
}

/// <summary>`..name`: the named key at any depth, document order.</summary>
internal sealed record RecursiveSegment(string Name) : JsonPathSegment
{
    public override IEnumerable<JsonNode?> Select(JsonNode? node)
    {
        var found = new List<JsonNode?>();
        Walk(node, found);
        return found;
    }

    private void Walk(JsonNode? node, List<JsonNode?> found)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.TryGetPropertyValue(Name, out var hit))
                {
                    found.Add(hit);
                }
                foreach (var (_, child) in obj)
                {
                    Walk(child, found);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child, found);
                }
                break;
        }
    }
}
