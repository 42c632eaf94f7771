using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Clouds.Vault;

/// <summary>
/// Reads Vault's iam login fields (docs/protocols.md §3.3) into the signed request to replay: method POST, base64 URL of
/// an STS endpoint, base64 body, base64 JSON of the headers. All four are required together.
/// </summary>
internal static class VaultIamLoginRequest
{
    public static (SignedRequest? Request, string? Error) Read(JsonObject body)
    {
        try
        {
            var method = (string?)body["iam_http_request_method"];
            var url = new Uri(Decode(body["iam_request_url"]));
            var requestBody = Convert.FromBase64String((string)body["iam_request_body"]!);
            var headers = JsonSerializer.Deserialize<Dictionary<string, string[]>>(Decode(body["iam_request_headers"]));
            if (method != "POST" || headers is null || url.Scheme != Uri.UriSchemeHttps || !url.Host.StartsWith("sts.", StringComparison.Ordinal)
                || !url.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal))
            {
                return (null, "iam_http_request_method must be POST and iam_request_url an AWS STS endpoint.");
            }

            var pairs = headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
            return (new SignedRequest(method, url, pairs, requestBody), null);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or UriFormatException or ArgumentNullException or InvalidOperationException)
        {
            return (null, "iam_http_request_method, iam_request_url, iam_request_body and iam_request_headers are required together, in base64.");
        }
    }

    private static string Decode(JsonNode? node) => Encoding.UTF8.GetString(Convert.FromBase64String((string)node!));
}
