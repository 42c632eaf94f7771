using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Operator.Api.V1Alpha1;
using Operator.Runtime;

namespace Operator.Credentials.Secrets;

/// <summary>
/// A fingerprint of everything that decides what a credential is: the spec (except
/// <c>restartOnRotation</c>, which only says who to tell) and the identity resolved from the ServiceAccount
/// (an annotation change re-issues like a spec change). Written on the Secret; a different value re-issues.
/// </summary>
internal static class SpecHash
{
    public static string Compute(DelegatedCredentialSpec spec, string resolvedIdentity)
    {
        var node = ModelJson.Node(spec)!.AsObject();
        node.Remove("restartOnRotation");
        node["resolvedIdentity"] = resolvedIdentity;
        var canonical = Canonical(node)!.ToJsonString();
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }

    // Property order in serialized dictionaries (labels, annotations) is not stable, so objects are re-emitted with sorted keys.
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        _ => node?.DeepClone(),
    };
}
