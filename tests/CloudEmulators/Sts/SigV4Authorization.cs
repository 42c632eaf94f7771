using System.Text.RegularExpressions;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// The parts of an <c>Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request,
/// SignedHeaders=a;b, Signature=hex</c> header.
/// </summary>
internal sealed partial record SigV4Authorization(
    string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";

    public static SigV4Authorization? TryParse(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var match = Pattern().Match(header);
        if (!match.Success)
        {
            return null;
        }

        var headers = match.Groups["headers"].Value.Split(';');
        return new SigV4Authorization(match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value,
            match.Groups["service"].Value, headers, match.Groups["signature"].Value);
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256\s+Credential=(?<key>[^/,\s]+)/(?<date>\d{8})/(?<region>[^/,\s]+)/(?<service>[^/,\s]+)/aws4_request,\s*SignedHeaders=(?<headers>[a-z0-9\-;]+),\s*Signature=(?<signature>[0-9a-f]{64})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Names the access key but never the signature, which must not reach logs.</summary>
    public override string ToString() => $"{Algorithm} Credential={AccessKeyId}/{Scope}";
}
