using System.Text;
using System.Text.Json;
using Operator.Credentials.Identity.Aws;
using Operator.Runtime;

namespace Operator.Credentials.Targets.Datadog;

/// <summary>
/// The <c>Authorization: Delegated &lt;proof&gt;</c> value of docs/protocols.md §1.2: a GetCallerIdentity request
/// signed with the role's temporary credentials and bound to one Datadog org by the signed <c>x-ddog-org-id</c>
/// header, which Datadog replays to STS to learn who we are. Pure: the clock is an argument.
/// </summary>
internal static class DatadogProof
{
    public const string OrgHeader = "x-ddog-org-id";

    public const string UserAgent = "delegated-credentials-operator";

    /// <summary>Signs the request and encodes it as the proof string.</summary>
    public static string Create(AwsSessionCredentials credentials, string orgUuid, string? region, DateTimeOffset signedAt) =>
        Encode(Sign(credentials, orgUuid, region, signedAt));

    public static SignedCallerIdentity Sign(AwsSessionCredentials credentials, string orgUuid, string? region, DateTimeOffset signedAt) =>
        CallerIdentitySigner.Sign(credentials, StsEndpoint.For(region), [new(OrgHeader, orgUuid)], signedAt);

    /// <summary>
    /// <c>b64(body)|b64(headersJson)|POST|b64(stsUrl)</c>: standard base64 with padding; the headers JSON maps each
    /// name to a one-element array, with keys in ordinal order as Go's encoder writes them, and the STS URL has no
    /// trailing slash (as the Go and Python clients send it).
    /// </summary>
    public static string Encode(SignedCallerIdentity request)
    {
        var headers = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = [value];
        }

        headers["User-Agent"] = [UserAgent];
        return string.Join('|',
            Base64(request.Body),
            Base64(JsonSerializer.Serialize(headers, OperatorJsonContext.Default.SortedDictionaryStringStringArray)),
            SignedCallerIdentity.Method,
            Base64(request.Endpoint.Url));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
