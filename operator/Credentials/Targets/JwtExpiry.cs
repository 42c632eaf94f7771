using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Credentials.Targets;

/// <summary>
/// The <c>exp</c> claim of a JWT the operator holds but does not verify (the service that issued it and the one
/// that accepts it do). Decoded by hand: reading one claim of a token we only pass on does not warrant a JWT
/// library in the operator, and nothing here trusts the claim beyond scheduling the next refresh.
/// </summary>
internal static class JwtExpiry
{
    public static DateTimeOffset? Read(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlDecode(parts[1])));
            return payload is JsonObject claims && claims["exp"] is JsonValue exp && exp.TryGetValue<double>(out var seconds)
                && seconds is > 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds((long)seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[] Base64UrlDecode(string segment)
    {
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
