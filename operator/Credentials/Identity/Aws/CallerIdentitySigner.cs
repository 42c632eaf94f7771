using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// Signs an STS <c>GetCallerIdentity</c> request with SigV4 over exactly the headers the proof formats expect
/// (docs/protocols.md §1.1): <c>content-length</c>, <c>content-type</c>, <c>host</c>, <c>x-amz-date</c>,
/// <c>x-amz-security-token</c> and the caller's extra headers (e.g. <c>x-ddog-org-id</c>), nothing else.
/// </summary>
/// <remarks>
/// Hand-written HMAC-SHA256 on purpose: AWSSDK's public <c>AWSSigV4Signer</c> always adds and signs
/// <c>x-amz-content-sha256</c>, which changes the signed set Datadog's backend was built against (docs/protocols.md
/// §7.2 leaves its acceptance unknown), and the SDK's exact signer (<c>AWS4Signer.ComputeSignature</c>) lives in
/// its <c>Internal</c> namespace with no compatibility promise. The golden vector of §1.1 pins this code.
/// </remarks>
internal static class CallerIdentitySigner
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string Service = "sts";

    /// <param name="extraHeaders">Further headers to sign, spelled as the proof should carry them.</param>
    public static SignedCallerIdentity Sign(
        AwsSessionCredentials credentials, StsEndpoint endpoint, IEnumerable<KeyValuePair<string, string>> extraHeaders, DateTimeOffset signedAt)
    {
        var amzDate = signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var body = SignedCallerIdentity.GetCallerIdentityBody;
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Length", Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)),
            new("Content-Type", SignedCallerIdentity.ContentType),
            new("host", endpoint.Host),
            new("X-Amz-Date", amzDate),
            new("X-Amz-Security-Token", credentials.SessionToken),
        };
        headers.AddRange(extraHeaders);

        var canonicalHeaders = headers
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Name));
        var canonicalRequest = new StringBuilder()
            .Append(SignedCallerIdentity.Method).Append("\n/\n\n")
            .AppendJoin(string.Empty, canonicalHeaders.Select(h => $"{h.Name}:{h.Value}\n"))
            .Append('\n').Append(signedHeaders).Append('\n')
            .Append(Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body))))
            .ToString();

        var date = amzDate[..8];
        var scope = $"{date}/{endpoint.SigningRegion}/{Service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
        key = Hmac(key, endpoint.SigningRegion);
        key = Hmac(key, Service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));

        headers.Add(new("Authorization", $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return new SignedCallerIdentity(endpoint, body, headers);
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
