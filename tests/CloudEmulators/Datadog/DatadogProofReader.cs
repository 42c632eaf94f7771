using System.Text;
using System.Text.Json;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Datadog;

/// <summary>
/// Decodes a <c>Delegated</c> proof (docs/protocols.md §1.2) back into the signed GetCallerIdentity request it carries,
/// the way Datadog's backend must before replaying it: four <c>|</c>-separated parts, standard base64, a JSON map
/// of header name to values (names matched case-insensitively later, since clients spell them differently).
/// </summary>
internal static class DatadogProofReader
{
    public static (SignedRequest? Request, string? Error) Read(string proof)
    {
        var parts = proof.Split('|');
        if (parts.Length != 4)
        {
            return (null, "The proof must have four parts separated by '|'.");
        }

        try
        {
            var body = Convert.FromBase64String(parts[0]);
            var headers = JsonSerializer.Deserialize<Dictionary<string, string[]>>(Convert.FromBase64String(parts[1]));
            var url = Encoding.UTF8.GetString(Convert.FromBase64String(parts[3]));
            if (headers is null || parts[2] != "POST" || !IsStsUrl(url))
            {
                return (null, "The proof must be a POST to an AWS STS endpoint.");
            }

            var pairs = headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
            return (new SignedRequest("POST", new Uri(url.TrimEnd('/') + "/"), pairs, body), null);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or UriFormatException)
        {
            return (null, "The proof is not valid base64 and JSON.");
        }
    }

    /// <summary>
    /// Only real STS hosts: a proof naming any other URL would let a caller vouch for itself. Regional hosts are
    /// accepted, as the clients produce them (whether Datadog does is unconfirmed, docs/protocols.md §7.3).
    /// </summary>
    private static bool IsStsUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.AbsolutePath is "/" or ""
        && string.IsNullOrEmpty(uri.Query)
        && (uri.Host == "sts.amazonaws.com" || (uri.Host.StartsWith("sts.", StringComparison.Ordinal) && uri.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal)));
}
