using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>
/// Signs service-account JWTs byte-for-byte in kube-apiserver's shape: header `{"alg":"RS256","kid":…}`
/// (no `typ`), payload keys sorted (go-jose serialises the merged claims as a Go map).
/// </summary>
/// <remarks>
/// Hand-assembled rather than through JsonWebTokenHandler because that handler adds `typ` and orders
/// claims its own way; verifiers (the STS emulator, the tests) still use the library.
/// </remarks>
internal sealed class ServiceAccountTokenIssuer(ServiceAccountSigningKey key, string issuer)
{
    public string Issuer { get; } = issuer;

    public ServiceAccountSigningKey Key { get; } = key;

    public string Issue(ServiceAccountTokenClaims claims, Guid? jti = null)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = Key.KeyId };
        var payload = Payload(claims, jti ?? Guid.NewGuid());
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = Key.SignRs256(Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    private JsonObject Payload(ServiceAccountTokenClaims c, Guid jti)
    {
        var iat = c.IssuedAt.ToUnixTimeSeconds();
        var kubernetes = new JsonObject
        {
            ["namespace"] = c.Namespace,
            ["serviceaccount"] = Ref(c.ServiceAccount),
        };
        if (c.BoundPod is { } pod)
        {
            kubernetes["pod"] = Ref(pod);
        }

        if (c.BoundSecret is { } secret)
        {
            kubernetes["secret"] = Ref(secret);
        }

        if (c.BoundNode is { } node)
        {
            kubernetes["node"] = Ref(node);
        }

        return new JsonObject
        {
            ["aud"] = new JsonArray([.. c.Audiences.Select(a => JsonValue.Create(a))]),
            ["exp"] = iat + c.ExpirationSeconds,
            ["iat"] = iat,
            ["iss"] = Issuer,
            ["jti"] = jti.ToString(),
            ["kubernetes.io"] = kubernetes,
            ["nbf"] = iat,
            ["sub"] = c.Subject,
        };
    }

    /// <summary>Go's `omitempty`: a node known only by name has no `uid` member.</summary>
    private static JsonObject Ref(ObjectRef r) =>
        r.Uid == "" ? new() { ["name"] = r.Name } : new() { ["name"] = r.Name, ["uid"] = r.Uid };

    private static string Encode(JsonObject json) =>
        Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(json));
}
