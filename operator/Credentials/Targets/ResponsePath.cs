using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Credentials.Targets;

/// <summary>
/// Reads a field of a JSON response by a dot-separated path of member names (<c>data.attributes.access_token</c>),
/// the only path form the CRD admits. Scalars are read as text (numbers and booleans in their JSON spelling);
/// objects, arrays and nulls are not values.
/// </summary>
internal static class ResponsePath
{
    public static JsonNode? Find(JsonNode? root, string path)
    {
        var node = root;
        foreach (var member in path.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(member, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The scalar at <paramref name="path"/> as text, or null when absent, null, empty or not a scalar.</summary>
    public static string? Text(JsonNode? root, string path) => Find(root, path) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() is { Length: > 0 } s ? s : null,
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False =>
            value.ToJsonString(),
        _ => null,
    };

    /// <summary>
    /// An absolute expiry: an RFC 3339 time, or Unix seconds (as a JSON number or a string of digits, the way
    /// Datadog sends <c>expires</c>). Null when absent or unreadable.
    /// </summary>
    public static DateTimeOffset? ExpiresAt(JsonNode? root, string path)
    {
        var text = Text(root, path);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds))
        {
            return unixSeconds is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds) : null;
        }

        // RFC 3339 requires an offset or Z; a time without one would be read in the operator's zone, so it is refused.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && HasOffset(text)
            ? at
            : null;
    }

    /// <summary>A lifetime in seconds from now (<c>expires_in</c>), as a JSON number or string; null when absent or not positive.</summary>
    public static TimeSpan? ExpiresIn(JsonNode? root, string path) =>
        Text(root, path) is { } text
        && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
        && seconds is > 0 and < 1e9
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
