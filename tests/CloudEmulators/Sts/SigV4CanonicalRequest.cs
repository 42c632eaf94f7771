using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// SigV4's canonical request, string to sign and signature, computed from a received request. Written by hand
/// because AWSSDK.Core only signs outgoing requests: it has no way to recompute a signature for a request that
/// some other client built, which is what a verifier must do.
/// </summary>
internal static partial class SigV4CanonicalRequest
{
    public static string Build(SignedRequest request, IReadOnlyList<string> signedHeaders)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        // STS is not S3: the path as sent (already percent-encoded once) is the canonical URI; for STS it is "/".
        builder.Append(string.IsNullOrEmpty(request.Url.AbsolutePath) ? "/" : request.Url.AbsolutePath).Append('\n');
        builder.Append(CanonicalQuery(request.Url.Query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request, name)).Append('\n');
        }

        builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(PayloadHash(request));
        return builder.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{SigV4Authorization.Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static byte[] Signature(string secretAccessKey, SigV4Authorization authorization, string stringToSign)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), authorization.Date);
        key = Hmac(key, authorization.Region);
        key = Hmac(key, authorization.Service);
        key = Hmac(key, "aws4_request");
        return Hmac(key, stringToSign);
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string CanonicalHeaderValue(SignedRequest request, string name)
    {
        var values = request.ValuesOf(name).ToList();
        if (values.Count == 0)
        {
            // Replays omit what the transport carries itself (Go keeps Host outside its header map; the Datadog
            // agent drops Content-Length): reconstruct it as the real STS receives it on the wire.
            values = name switch
            {
                "host" => [request.Url.IsDefaultPort ? request.Url.Host : request.Url.Authority],
                "content-length" => [request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                _ => [],
            };
        }

        return string.Join(',', values.Select(v => Spaces().Replace(v.Trim(), " ")));
    }

    private static string PayloadHash(SignedRequest request)
    {
        // Clients may declare UNSIGNED-PAYLOAD; any other declared hash is ignored and the body itself is
        // hashed, so a body changed after signing never verifies.
        var declared = request.FirstValueOf("x-amz-content-sha256");
        return declared == "UNSIGNED-PAYLOAD" ? declared : Hex(SHA256.HashData(request.Body));
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return string.Empty;
        }

        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var index = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(index < 0 ? part : part[..index]);
            var value = index < 0 ? string.Empty : Uri.UnescapeDataString(part[(index + 1)..]);
            return (Name: Uri.EscapeDataString(name), Value: Uri.EscapeDataString(value));
        });
        return string.Join('&', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}
