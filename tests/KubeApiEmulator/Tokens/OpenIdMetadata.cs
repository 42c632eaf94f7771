using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>
/// The two documents kube-apiserver serves for service-account issuer discovery (docs/emulators.md §1.4, T5;
/// pkg/serviceaccount/openidmetadata.go, pkg/routes/openidmetadata.go).
/// </summary>
internal static class OpenIdMetadata
{
    public const string ConfigurationPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/openid/v1/jwks";
    public const string ConfigurationContentType = "application/json";
    public const string JwksContentType = "application/jwk-set+json";
    public const string CacheControl = "public, max-age=3600";

    /// <param name="jwksBaseUrl">Where verifiers reach this server (https, no trailing slash); real
    /// clusters publish their external address here, which may differ from the issuer.</param>
    public static JsonObject Configuration(string issuer, string jwksBaseUrl) => new()
    {
        ["issuer"] = issuer,
        ["jwks_uri"] = jwksBaseUrl.TrimEnd('/') + JwksPath,
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
    };

    public static JsonObject Jwks(ServiceAccountSigningKey key) => new()
    {
        ["keys"] = new JsonArray(key.ToJwk()),
    };
}
