using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema.Printing;

/// <summary>
/// One `additionalPrinterColumns` cell as kube-apiserver's table convertor computes it: the first
/// value the JSONPath selects, converted by the column `type` (integer, number, boolean, string,
/// date → age such as `5m`, `3h`, `2d4h`); null when absent or of the wrong type.
/// </summary>
internal static class PrinterColumnCell
{
    public static JsonNode? Compute(string columnType, JsonPathExpression path, JsonNode? obj, TimeProvider time)
    {
        var found = path.Evaluate(obj);
        if (found.Count == 0)
        {
            return null;
        }
        var value = found[0];
        return columnType switch
        {
            "string" => value is null ? null : JsonValue.Create(Text(value)),
            "integer" when Number(value) is { } d => JsonValue.Create((long)d),
            "number" when Number(value) is { } d => JsonValue.Create(d),
            "boolean" when value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => JsonValue.Create(v.GetValue<bool>()),
            "date" when value is JsonValue v && v.GetValueKind() == JsonValueKind.String => JsonValue.Create(Age(v.GetValue<string>(), time)),
            _ => null,
        };
    }

    /// <summary>client-go JSONPath printing: strings raw, objects and arrays as compact JSON, numbers as Go's %v.</summary>
    private static string Text(JsonNode value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => GoText.Number(v),
        _ => value.ToJsonString(),
    };

    private static double? Number(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonNumber.ToDouble(v) : null;

    private static string Age(string timestamp, TimeProvider time) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? HumanDuration(time.GetUtcNow() - t)
            : "<invalid>";

    /// <summary>apimachinery's duration.HumanDuration, which kubectl shows in AGE columns.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 120)
        {
            return $"{seconds}s";
        }
        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }
        if (minutes < 180)
        {
            return $"{minutes}m";
        }
        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }
        if (hours < 48)
        {
            return $"{hours}h";
        }
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }
        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dy}d";
        }
        return $"{hours / 24 / 365}y";
    }
}
