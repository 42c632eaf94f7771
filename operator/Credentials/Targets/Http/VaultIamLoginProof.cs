using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Operator.Credentials.Identity.Aws;
using Operator.Runtime;

namespace Operator.Credentials.Targets.Http;

/// <summary>
/// The Vault AWS auth <c>iam</c> login fields (docs/protocols.md §3.3): a GetCallerIdentity request signed with the
/// role's temporary credentials, sent as its method, base64 URL, base64 body and base64 JSON of every header
/// (signed ones and <c>Authorization</c>), for the endpoint to replay to STS. Extra headers (e.g.
/// <c>X-Vault-AWS-IAM-Server-ID</c>) are signed too, so a replay to another audience cannot reuse the proof.
/// </summary>
internal static class VaultIamLoginProof
{
    public static JsonObject Fields(SignedCallerIdentity request, VaultIamLoginFieldNames names)
    {
        var headers = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = [value];
        }

        return new JsonObject
        {
            [names.RequestMethod] = SignedCallerIdentity.Method,
            // Vault's clients send the URL with its path ("https://sts.amazonaws.com/"); Vault replays to that path.
            [names.RequestUrl] = Base64(request.Endpoint.Url + "/"),
            [names.RequestBody] = Base64(request.Body),
            [names.RequestHeaders] = Base64(JsonSerializer.Serialize(headers, OperatorJsonContext.Default.SortedDictionaryStringStringArray)),
        };
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
