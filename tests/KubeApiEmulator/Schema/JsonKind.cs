using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>The OpenAPI type name of a decoded JSON value, as kube-openapi's type validator names it.</summary>
internal static class JsonKind
{
    public static string Of(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => JsonNumber.TryGetInt64(v, out _) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>True when a number-kinded value is integral (kube-openapi accepts 2.0 as an integer).</summary>
    public static bool IsIntegral(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && double.IsInteger(JsonNumber.ToDouble(v));
}
