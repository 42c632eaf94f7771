using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Tests.Clouds;

/// <summary>
/// A GetCallerIdentity request for the global STS host, signed with SigV4 over the headers the Datadog clients sign
/// (docs/protocols.md §1.1: <c>content-length</c>, <c>content-type</c>, <c>host</c>, <c>x-amz-date</c>,
/// <c>x-amz-security-token</c> and the extra ones, e.g. <c>x-ddog-org-id</c>), and its <c>Delegated</c> proof
/// encoding (§1.2). Written for these tests, apart from the emulator's verifier, so they need no client code;
/// <see cref="Sts.SigV4GoldenVectorTests"/> pins the verifier to the golden vector.
/// </summary>
internal static class DelegatedProof
{
    public const string OrgHeader = "x-ddog-org-id";
    public const string StsUrl = "https://sts.amazonaws.com";
    private const string Body = "Action=GetCallerIdentity&Version=2011-06-15";
    private const string Region = "us-east-1";

    /// <summary>Signed for <paramref name="org"/> through a signed <c>x-ddog-org-id</c>, or without that header when null.</summary>
    public static SignedProofRequest Sign(IssuedCredential credentials, string? org, DateTimeOffset signedAt)
    {
        var amzDate = signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Length", Encoding.UTF8.GetByteCount(Body).ToString(CultureInfo.InvariantCulture)),
            new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            new("host", new Uri(StsUrl).Host),
            new("X-Amz-Date", amzDate),
            new("X-Amz-Security-Token", credentials.SessionToken),
        };
        if (org is not null)
        {
            headers.Add(new(OrgHeader, org));
        }

        var canonical = headers.Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim())).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var signedHeaders = string.Join(';', canonical.Select(h => h.Name));
        var canonicalRequest = $"POST\n/\n\n{string.Concat(canonical.Select(h => $"{h.Name}:{h.Value}\n"))}\n{signedHeaders}\n{Sha256Hex(Body)}";
        var scope = $"{amzDate[..8]}/{Region}/sts/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Sha256Hex(canonicalRequest)}";
        var key = Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey);
        foreach (var part in new[] { amzDate[..8], Region, "sts", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        headers.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return new SignedProofRequest(StsUrl, Body, headers);
    }

    /// <summary><c>b64(body)|b64(headersJson)|POST|b64(stsUrl)</c>, each header name mapped to a one-element array.</summary>
    public static string Encode(SignedProofRequest request) =>
        Encode(request, request.Headers.ToDictionary(h => h.Key, h => new[] { h.Value }));

    /// <summary>The same encoding over headers spelled or chosen by the caller.</summary>
    public static string Encode(SignedProofRequest request, Dictionary<string, string[]> headers) => string.Join('|',
        Base64(request.Body),
        Base64(JsonSerializer.Serialize(headers)),
        "POST",
        Base64(request.Url));

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}

/// <summary>A signed GetCallerIdentity request as a proof carries it; <see cref="Headers"/> include <c>Authorization</c>.</summary>
internal sealed record SignedProofRequest(string Url, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers);
