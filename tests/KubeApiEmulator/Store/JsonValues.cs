using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Store;

/// <summary>
/// Reading numbers and booleans from JsonNodes whether they were parsed from text or built from CLR values
/// (`GetValue&lt;long&gt;` throws on a node created from an int).
/// </summary>
internal static class JsonValues
{
    public static long? AsLong(this JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : (long)double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)
            : null;

    public static int? AsInt(this JsonNode? node) => (int?)node.AsLong();

    public static bool? AsBool(this JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
