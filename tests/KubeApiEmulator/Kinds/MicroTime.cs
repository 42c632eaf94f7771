using System.Globalization;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>
/// metav1.MicroTime as Go parses it: layout `2006-01-02T15:04:05.000000Z07:00`, which needs exactly six fractional
/// digits, so a whole-second value written by the C# client (`…ssZ`) is rejected with 400 (C6).
/// </summary>
internal static class MicroTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The decode error for the value at <paramref name="node"/>, or null when absent or well-formed.</summary>
    public static string? CheckField(JsonNode? node, string kind)
    {
        if (node is null)
        {
            return null;
        }
        var text = node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        if (IsValid(text))
        {
            return null;
        }
        return $"{kind} in version \"v1\" cannot be handled as a {kind}: parsing time \"{text}\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"{text[Math.Min(19, text.Length)..]}\" as \".000000\"";
    }

    private static bool IsValid(string text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.ffffffK", "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"],
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _);
}
