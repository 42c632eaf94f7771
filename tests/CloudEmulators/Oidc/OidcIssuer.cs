using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Operator.Testing.Clouds.Oidc;

/// <summary>
/// A minimal OpenID Connect issuer shaped like the Kubernetes service-account issuer (docs/protocols.md §6.3): it
/// serves <c>{issuer}/.well-known/openid-configuration</c> and its JWKS, and signs RS256 tokens with its own
/// key. Stands in for the Kubernetes emulator's issuer until that is plugged in; any issuer URL plus CA works
/// the same for the cloud emulators.
/// </summary>
internal sealed class OidcIssuer(string name, TimeProvider time) : ICloudEmulator, IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly string _pathPrefix = $"/oidc/{name}";
    private Uri? _issuer;
    private int _jwksFetches;

    public CloudFaults Faults { get; } = new(time);

    /// <summary>The key id published in the JWKS and written in each token's header.</summary>
    public string KeyId { get; } = $"{name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    /// <summary>The issuer URL (<c>iss</c>), known once the host has started.</summary>
    public Uri Issuer => _issuer ?? throw new InvalidOperationException("The issuer is known once its CloudHost has started.");

    /// <summary>How many times the JWKS document was fetched (lets tests observe caching).</summary>
    public int JwksFetches => _jwksFetches;

    public void OnStarted(Uri baseAddress) => _issuer = new Uri(baseAddress, _pathPrefix);

    public void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet($"{_pathPrefix}/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer.ToString(),
            ["jwks_uri"] = $"{Issuer}/openid/v1/jwks",
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        routes.MapGet($"{_pathPrefix}/openid/v1/jwks", () =>
        {
            Interlocked.Increment(ref _jwksFetches);
            var parameters = _key.ExportParameters(false);
            var jwk = new JsonObject
            {
                ["use"] = "sig",
                ["kty"] = "RSA",
                ["kid"] = KeyId,
                ["alg"] = "RS256",
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
            return Results.Json(new JsonObject { ["keys"] = new JsonArray(jwk) });
        });
    }

    /// <summary>
    /// Signs a service-account-style token (claims as in docs/protocols.md §6.2). <paramref name="issuer"/> overrides
    /// <c>iss</c>, e.g. to forge a token for another issuer with this issuer's key.
    /// </summary>
    public string IssueToken(string subject, IReadOnlyList<string> audiences, TimeSpan lifetime,
        Uri? issuer = null, DateTimeOffset? issuedAt = null)
    {
        var iat = issuedAt ?? time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["aud"] = audiences.ToArray(),
            ["jti"] = Guid.NewGuid().ToString(),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = (issuer ?? Issuer).ToString(),
            Claims = claims,
            IssuedAt = iat.UtcDateTime,
            NotBefore = iat.UtcDateTime,
            Expires = (iat + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public void Dispose() => _key.Dispose();
}
