using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema.Printing;

/// <summary>
/// `[?(@.type=="Ready")]`: the array elements whose relative path compares true with a literal
/// (==, !=, &lt;, &lt;=, &gt;, &gt;=), or merely exists when no operator is given.
/// </summary>
internal sealed record FilterSegment(IReadOnlyList<JsonPathSegment> Left, string? Operator, JsonNode? Literal) : JsonPathSegment
{
    public override IEnumerable<JsonNode?> Select(JsonNode? node)
    {
        IEnumerable<JsonNode?> items = node switch
        {
            JsonArray array => array,
            JsonObject obj => obj.Select(p => p.Value),
            _ => [],
        };
        return items.Where(Matches).ToList();
    }

    private bool Matches(JsonNode? item)
    {
        var values = JsonPathExpression.Apply(Left, item).ToList();
        if (Operator is null)
        {
            return values.Count > 0;
        }
        return values.Any(v => Compare(v));
    }

    private bool Compare(JsonNode? value)
    {
        if (Operator is "==" or "!=")
        {
            var equal = Number(value) is { } a && Number(Literal) is { } b ? a == b : JsonNode.DeepEquals(value, Literal);
            return equal == (Operator == "==");
        }
        if (Number(value) is not { } x || Number(Literal) is not { } y)
        {
            return false;
        }
        return Operator switch
        {
            "<" => x < y,
            "<=" => x <= y,
            ">" => x > y,
            ">=" => x >= y,
            _ => false,
        };
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonNumber.ToDouble(v) : null;
}
